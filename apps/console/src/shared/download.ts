/** Hands `text` to the browser as a file download named `filename` (CSV, NDJSON exports). */
export function saveAs(text: string, filename: string, type: string): void {
  const link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob([text], { type }));
  link.download = filename;
  link.click();
  URL.revokeObjectURL(link.href);
}
