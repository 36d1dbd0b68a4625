// Page entry: mounts the app, then warms the chart library up while the page is idle.
import { mount } from 'svelte';
import App from './App.svelte';
import './app.css';
import { warmUpCharts } from './charts/warm-up';

mount(App, { target: document.getElementById('app')! });
warmUpCharts();
