import type { MethodContext } from './protocol'
import { packsMethods } from './packs/methods'
import { runtimeMethods } from './runtime/methods'
import { textMethods } from './text/methods'
import { imageMethods } from './diffusion/methods'
import { upscaleMethods } from './upscale/methods'

/**
 * Every method the inference process serves, by name. Each engine adds its own map here; the
 * studio reaches them only through EngineClient, never by importing the engines directly.
 */
export const engineMethods = {
  ...runtimeMethods,
  ...packsMethods,
  ...textMethods,
  ...imageMethods,
  ...upscaleMethods,
}

type Methods = typeof engineMethods
export type EngineMethodName = keyof Methods & string
type MethodOf<M extends EngineMethodName> = Methods[M] extends (params: infer P, context: infer C) => Promise<infer R>
  ? { params: P; result: R; event: C extends MethodContext<infer E> ? E : never }
  : never
export type EngineParams<M extends EngineMethodName> = MethodOf<M>['params']
export type EngineResult<M extends EngineMethodName> = MethodOf<M>['result']
/** What a method streams to its caller while it runs (never for methods that stream nothing). */
export type EngineEvent<M extends EngineMethodName> = MethodOf<M>['event']
