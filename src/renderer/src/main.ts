import { createPinia } from 'pinia'
import { createApp } from 'vue'
import App from './App.vue'
import { createStudioI18n } from './i18n'
import './styles.css'

createApp(App).use(createPinia()).use(createStudioI18n()).mount('#app')
