// Types of uiBuild.js (plain JavaScript, so `npm start` runs without a compiler).
export declare const BUILD_INPUTS: readonly string[]
export declare const BUILD_OUTPUTS: readonly string[]
export declare function isUiBuildUpToDate(root: string): boolean
export declare function newestMtime(path: string): number
