/** The keys in a comma-separated setting (retired keys after a rotation), trimmed; none when unset. */
export function keyList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((key) => key.trim())
    .filter((key) => key.length > 0);
}
