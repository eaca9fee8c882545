import { isAbsolute, relative, resolve, sep } from 'node:path'

/** Whether `child` is `parent` itself or lies inside it (by path, not by string prefix). */
export function isInside(parent: string, child: string): boolean {
  const rel = relative(resolve(parent), resolve(child))
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel))
}
