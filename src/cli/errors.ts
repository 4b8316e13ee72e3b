/**
 * The two ways a command fails before it has anything to report. Both end in exit code 2, with
 * the message on stderr; they are thrown from deep inside (argument parsing, file reading,
 * configuration) and caught once in `main`.
 */

/** The command line is wrong. The message says what is wrong; `command` picks the help hint. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly command?: string,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

/** A file or folder that cannot be read (or written), or a configuration that is not valid. */
export class FileError extends Error {
  constructor(
    /** The path as the user would recognise it (relative to the working folder). */
    readonly path: string,
    readonly reason: string,
  ) {
    super(`${path}: ${reason}`);
    this.name = 'FileError';
  }
}

/** Node's fs error codes in words; other errors keep their own message. */
export function describeFsError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or folder';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a folder, not a file';
    case 'ENOTDIR':
      return 'a part of the path is not a folder';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    case 'EROFS':
      return 'read-only file system';
    case 'ENOSPC':
      return 'no space left on device';
    default:
      return err instanceof Error ? err.message : String(err);
  }
}
