/** jsbarcode's Code 128 encoder on its own (the package's typings cover only the DOM renderer). */
declare module 'jsbarcode/bin/barcodes/CODE128/index.js' {
  export class CODE128 {
    constructor(data: string, options: { text?: string });
    valid(): boolean;
    /** Bars and spaces as '1' and '0', one per module, quiet zones not included. */
    encode(): { data: string; text: string };
  }
}
