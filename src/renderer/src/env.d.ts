/// <reference types="vite/client" />
import type { DesktopDialogs, DesktopMenu, PreloadApi } from '../../preload/api'

declare module '*.vue' {
  import type { DefineComponent } from 'vue'
  const component: DefineComponent<object, object, unknown>
  export default component
}

declare global {
  interface Window {
    /** Present inside the desktop app (set by the preload); absent in a browser. */
    taleweaver?: PreloadApi & { dialogs?: DesktopDialogs; menu?: DesktopMenu }
  }
}
