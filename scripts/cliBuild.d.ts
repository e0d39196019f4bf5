// Types of cliBuild.js (plain JavaScript: the bin and `npm ci` run it without a compiler).
export declare const CLI_BUILD_INPUTS: readonly string[]
export declare const CLI_OUT_DIR: string
export declare const CLI_ENTRY: string
export declare function isCliBuildUpToDate(root: string): boolean
export declare function buildCli(root: string): Promise<{ files: string[]; ms: number }>
