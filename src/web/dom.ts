/** The page's element for `selector` (the page is built with every element the scripts ask for). */
export const $ = <T extends HTMLElement = HTMLElement>(selector: string) => document.querySelector<T>(selector)!;
