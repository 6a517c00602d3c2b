import { isAbsolute, win32 } from 'node:path';

export interface SearchContext {
  readonly platform: NodeJS.Platform;
  readonly env: NodeJS.ProcessEnv;
  /** The running program (node.exe): its folder comes first in Windows' DLL search order. */
  readonly execPath: string;
}

/**
 * The files a library name can be loaded from, for a check that looks
 * before loading. An absolute path is itself. On Windows a bare DLL name is
 * looked for as `LoadLibrary` does in its standard search order (the
 * program's folder, System32, the Windows folder, then PATH; the current
 * folder is left out: it depends on where the command is started); elsewhere
 * a bare name is left to the system loader and gives nothing to look at.
 */
export function libraryLocations(name: string, context: SearchContext): string[] {
  if (context.platform !== 'win32') return isAbsolute(name) ? [name] : [];
  if (win32.isAbsolute(name)) return [name];
  const { env } = context;
  const windows = env.SystemRoot ?? env.windir ?? 'C:\\Windows';
  const path = (env.PATH ?? env.Path ?? '').split(';').filter((folder) => folder !== '');
  const folders = [win32.dirname(context.execPath), win32.join(windows, 'System32'), windows, ...path];
  return [...new Set(folders.map((folder) => win32.join(folder, name)))];
}
