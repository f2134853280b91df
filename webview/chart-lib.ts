/**
 * The second webview bundle (dist/webview-charts.js): chart.js with the components we use and the
 * zoom plugin, registered once, animation off (streaming updates use `update('none')`). The panel
 * loads it only when it shows a chart (webview/charts.ts `loadCharts`), so the findings never wait
 * for it; the HTML report inlines it before the main bundle.
 */
import {
  BarController, BarElement, CategoryScale, Chart, Decimation, Filler, Legend, LinearScale, LineController,
  LineElement, LogarithmicScale, PointElement, Tooltip,
} from 'chart.js';
import zoomPlugin from 'chartjs-plugin-zoom';
import type { ChartLib } from './charts';

Chart.register(LineController, LineElement, PointElement, LinearScale, LogarithmicScale, CategoryScale,
  BarController, BarElement, Legend, Tooltip, Filler, Decimation, zoomPlugin);

Chart.defaults.animation = false;
Chart.defaults.responsive = true;
Chart.defaults.maintainAspectRatio = false;

const lib: ChartLib = { Chart };
(window as unknown as { lossdbgChartLib?: ChartLib }).lossdbgChartLib = lib;
