import { createApp } from 'vue'
import { createPinia } from 'pinia'
import './styles.css'
import App from './App.vue'
import { api, mode, platform } from './bridge'
import { setServices } from './services'

setServices({ api, mode, platform })
createApp(App).use(createPinia()).mount('#app')
