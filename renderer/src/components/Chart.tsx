import { BarChart, LineChart, ScatterChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TitleComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

echarts.use([BarChart, LineChart, ScatterChart, GridComponent, LegendComponent, MarkLineComponent, TitleComponent, TooltipComponent, CanvasRenderer]);

export type ChartOption = echarts.EChartsCoreOption;

function themeColors(): { text: string; border: string } {
  const css = getComputedStyle(document.documentElement);
  return { text: css.getPropertyValue('--text').trim() || '#222', border: css.getPropertyValue('--border').trim() || '#ddd' };
}

/** One ECharts canvas; "PNG" saves exactly what is drawn. */
export function Chart({ option, title, height = 240, testId }: { option: ChartOption; title: string; height?: number; testId?: string }): React.JSX.Element {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  useEffect(() => {
    if (!el.current) return undefined;
    const c = echarts.init(el.current, undefined, { renderer: 'canvas' });
    chart.current = c;
    const onResize = (): void => c.resize();
    window.addEventListener('resize', onResize);
    return () => {
      window.removeEventListener('resize', onResize);
      c.dispose();
    };
  }, []);
  useEffect(() => {
    const { text, border } = themeColors();
    chart.current?.setOption(
      {
        animation: false,
        textStyle: { color: text },
        grid: { left: 48, right: 16, top: 28, bottom: 36 },
        tooltip: { trigger: 'axis' },
        ...option,
        xAxis: withAxisColors(option.xAxis, text, border),
        yAxis: withAxisColors(option.yAxis, text, border),
      },
      true,
    );
  }, [option]);
  const savePng = (): void => {
    const url = chart.current?.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: getComputedStyle(document.body).backgroundColor });
    if (!url) return;
    const a = document.createElement('a');
    a.href = url;
    a.download = `${title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}.png`;
    a.click();
  };
  return (
    <div className="panel" data-testid={testId}>
      <div className="row" style={{ justifyContent: 'space-between' }}>
        <h2 style={{ margin: 0 }}>{title}</h2>
        <button onClick={savePng} title="Save this chart as PNG">
          PNG
        </button>
      </div>
      <div ref={el} style={{ height }} />
    </div>
  );
}

function withAxisColors(axis: unknown, text: string, border: string): unknown {
  if (!axis || typeof axis !== 'object') return axis;
  const style = { axisLabel: { color: text }, axisLine: { lineStyle: { color: border } }, splitLine: { lineStyle: { color: border } } };
  return Array.isArray(axis) ? axis.map((a: object) => ({ ...style, ...a })) : { ...style, ...(axis as object) };
}
