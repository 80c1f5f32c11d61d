/** Marks a break inside a word: the white space around it is layout, not a word boundary. */
export const JOIN_MARK = '\u0001';
