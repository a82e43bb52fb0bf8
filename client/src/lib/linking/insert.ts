/** Where a picked link goes in the text: the selection, or the `[[` that opened the picker. */
export interface InsertionRange {
  start: number;
  end: number;
}

/** Whether the writer just typed the second `[` of `[[` (the picker then opens). */
export function typedOpeningBrackets(value: string, caret: number): boolean {
  return caret >= 2 && value.slice(caret - 2, caret) === '[[' && value[caret - 3] !== '[';
}

/** The text with `insertion` in place of the range, and the caret right after it. */
export function insertInto(value: string, range: InsertionRange, insertion: string): { value: string; caret: number } {
  const start = Math.max(0, Math.min(range.start, value.length));
  const end = Math.max(start, Math.min(range.end, value.length));
  return { value: value.slice(0, start) + insertion + value.slice(end), caret: start + insertion.length };
}
