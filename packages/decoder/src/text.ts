const TRAILING_FILL = /[ \0]+$/;

/** Latin-1 control characters (C0, DEL, C1); everything else in ISO-8859-1 is printable. */
function isControl(code: number): boolean {
  return code < 0x20 || (code >= 0x7f && code <= 0x9f);
}

/** A card text field: ISO-8859-1, trailing spaces and NULs trimmed. */
export function decodeText(bytes: Uint8Array): { readonly text: string; readonly printable: boolean } {
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte);
  text = text.replace(TRAILING_FILL, '');
  let printable = true;
  for (let i = 0; i < text.length && printable; i++) printable = !isControl(text.charCodeAt(i));
  return { text, printable };
}
