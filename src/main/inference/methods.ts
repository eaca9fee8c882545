import { packsMethods } from './packs/methods'
import { textMethods } from './text/methods'
import { imageMethods } from './diffusion/methods'

/**
 * Every method the inference process serves, by name. Each engine adds its own map here; the
 * studio reaches them only through EngineClient, never by importing the engines directly.
 */
export const engineMethods = {
  ...packsMethods,
  ...textMethods,
  ...imageMethods,
}

type Methods = typeof engineMethods
export type EngineMethodName = keyof Methods & string
type MethodOf<M extends EngineMethodName> = Methods[M] extends (params: infer P, context: never) => Promise<infer R>
  ? { params: P; result: R }
  : never
export type EngineParams<M extends EngineMethodName> = MethodOf<M>['params']
export type EngineResult<M extends EngineMethodName> = MethodOf<M>['result']
