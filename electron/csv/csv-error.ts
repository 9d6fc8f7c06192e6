/** A CSV file that cannot be read as it is: nothing of it is imported, and the message says where and why. */
export class CsvError extends Error {
  override name = 'CsvError';
  constructor(
    message: string,
    /** 1-based line of the file the problem is on, when there is one. */
    readonly line?: number,
  ) {
    super(line === undefined || message.startsWith('line ') ? message : `line ${line}: ${message}`);
  }
}
