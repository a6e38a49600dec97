import { theme } from 'antd';
import { BarChart, GaugeChart, HeatmapChart, LineChart } from 'echarts/charts';
import {
  AriaComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TitleComponent,
  TooltipComponent,
  VisualMapComponent,
} from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { type CSSProperties, useEffect, useRef } from 'react';

// Only what Kefu's charts draw: the whole library is several times larger.
echarts.use([
  AriaComponent,
  LineChart,
  BarChart,
  HeatmapChart,
  GaugeChart,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TitleComponent,
  TooltipComponent,
  VisualMapComponent,
  CanvasRenderer,
]);

export type EChartOption = echarts.EChartsCoreOption;

type Props = {
  option: EChartOption;
  height?: number;
  /** The chart's accessible name (the canvas itself says nothing to a screen reader). */
  ariaLabel: string;
  style?: CSSProperties;
  testId?: string;
};

/**
 * An ECharts chart in the app's look: the theme's font (CJK included: the app font stack names the
 * Noto CJK fonts), text and line colours; it follows its box's size and is disposed with the
 * component. `option` replaces the previous one (notMerge), so removed series disappear.
 */
export function EChart({ option, height = 280, ariaLabel, style, testId }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const { token } = theme.useToken();

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const c = echarts.init(el, undefined, { renderer: 'canvas' });
    chart.current = c;
    const observer = new ResizeObserver(() => c.resize());
    observer.observe(el);
    return () => {
      observer.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(
      {
        textStyle: { fontFamily: token.fontFamily, color: token.colorText },
        color: [token.colorPrimary, token.colorTextTertiary, token.colorSuccess, token.colorWarning, token.colorError],
        aria: { enabled: true, label: { description: ariaLabel } },
        ...option,
      },
      { notMerge: true },
    );
  }, [option, ariaLabel, token]);

  return (
    <div ref={box} role="img" aria-label={ariaLabel} data-testid={testId} style={{ width: '100%', height, ...style }} />
  );
}
