import { join } from 'node:path';

/** The venv's interpreter, relative to the project. */
export const VENV_PYTHON = process.platform === 'win32' ? join('.venv', 'Scripts', 'python.exe') : join('.venv', 'bin', 'python');
