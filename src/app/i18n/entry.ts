/** A dictionary entry: plain text, or text with values in it as a function of those values. */
export type Entry = string | ((...args: never[]) => string);

/** The English counterpart of a Chinese dictionary: the same keys, strings stay strings, functions keep their type. */
export type DictOf<T> = { readonly [K in keyof T]: T[K] extends string ? string : T[K] };
