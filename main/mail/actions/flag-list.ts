/** An IMAP flag list with `flag` set or cleared (flags compare case-insensitively). */
export function setFlag(flags: string[], flag: string, on: boolean): string[] {
  const others = flags.filter((each) => each.toLowerCase() !== flag.toLowerCase());
  return on ? [...others, flag] : others;
}
