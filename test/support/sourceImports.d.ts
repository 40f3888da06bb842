/** Every relative import or re-export (types included) under `folder`, paths relative to the repository. */
export function relativeImports(
	folder: string,
	root?: string,
): Array<{ file: string; target: string }>;
