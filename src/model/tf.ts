/**
 * The TensorFlow.js runtime: `@tensorflow/tfjs` on the WebAssembly backend
 * (XNNPACK matmuls, single-threaded in Node), or `@tensorflow/tfjs-node` when a
 * user happens to have it installed. `initTf()` must be awaited before building models.
 *
 * One measured fix is applied to the wasm backend: its BatchMatMul kernel runs
 * 10-50x slower when asked to transpose an operand (0.9 GFLOP/s with transposeA,
 * 3.6 with transposeB, ~40 without, on this project's 2-core machine), and every
 * matmul gradient asks for a transpose. The wrapper below transposes explicitly
 * (a cheap copy) and calls the fast kernel.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';

export { tf };

export type BackendName = 'wasm' | 'cpu' | 'tensorflow';

let initialised: Promise<BackendName> | null = null;

/** Runs `work` with console.warn silenced (tfjs warns about things we chose on purpose). */
export function quietly<T>(work: () => T): T {
  const warn = console.warn;
  console.warn = () => {};
  try {
    return work();
  } finally {
    console.warn = warn;
  }
}

/** Wraps the backend's BatchMatMul so that transposed operands go through an explicit Transpose. */
export function installExplicitTransposeMatMul(backendName: string): void {
  const original = tf.getKernel('BatchMatMul', backendName);
  const transpose = tf.getKernel('Transpose', backendName);
  if (!original || !transpose) return;
  const swapLastTwo = (rank: number) => [...Array.from({ length: rank - 2 }, (_, i) => i), rank - 1, rank - 2];
  quietly(() =>
    tf.registerKernel({
      kernelName: 'BatchMatMul',
      backendName,
      setupFunc: original.setupFunc,
      disposeFunc: original.disposeFunc,
      kernelFunc: ({ inputs, backend, attrs }) => {
        const { transposeA, transposeB } = attrs as unknown as { transposeA: boolean; transposeB: boolean };
        if (!transposeA && !transposeB) return original.kernelFunc({ inputs, backend, attrs });
        const { a, b } = inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
        const explicit = (x: tf.TensorInfo) =>
          transpose.kernelFunc({ inputs: { x }, backend, attrs: { perm: swapLastTwo(x.shape.length) } }) as tf.TensorInfo;
        const aT = transposeA ? explicit(a) : a;
        const bT = transposeB ? explicit(b) : b;
        const out = original.kernelFunc({ inputs: { a: aT, b: bT }, backend, attrs: { ...attrs, transposeA: false, transposeB: false } });
        const owner = backend as unknown as { disposeData(dataId: object): void };
        if (aT !== a) owner.disposeData(aT.dataId);
        if (bT !== b) owner.disposeData(bT.dataId);
        return out;
      },
    }),
  );
}

async function tryTensorflowNode(): Promise<boolean> {
  const name = '@tensorflow/tfjs-node';
  try {
    await import(name);
    return tf.findBackend('tensorflow') !== null;
  } catch {
    return false;
  }
}

/**
 * Selects and initialises the backend: REMIXER_BACKEND (wasm | cpu | tensorflow)
 * if set, else tfjs-node if installed, else wasm. Returns the backend in use.
 */
export function initTf(preferred?: BackendName): Promise<BackendName> {
  initialised ??= (async () => {
    const requested = (preferred ?? process.env['REMIXER_BACKEND']) as BackendName | undefined;
    let backend: BackendName = requested ?? 'wasm';
    if (requested === undefined || requested === 'tensorflow') {
      if (await tryTensorflowNode()) backend = 'tensorflow';
      else if (requested === 'tensorflow') throw new Error('REMIXER_BACKEND=tensorflow but @tensorflow/tfjs-node is not installed');
    }
    if (!(await tf.setBackend(backend))) throw new Error(`cannot initialise the ${backend} backend`);
    await tf.ready();
    if (backend === 'wasm') installExplicitTransposeMatMul('wasm');
    tf.enableProdMode();
    return backend;
  })();
  return initialised;
}
