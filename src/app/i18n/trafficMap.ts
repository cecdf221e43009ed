/** UI text of the traffic Map (merged into src/app/i18n.ts; a key missing in either language is a type error). */
import type { DictOf, Entry } from './entry.ts';

export const zh = {
  layerTraffic: '实时路况',
  layerVehicles: '车辆动画',
  layerSignals: '信号灯路口',
  trafficBandFree: '畅通',
  trafficBandSlow: '缓行',
  trafficBandCongested: '拥堵',
  trafficBandJammed: '严重拥堵',
  legendTrafficRatio: '颜色：实时车速 ÷ 自由流车速（km/h ÷ km/h），分级参照 GB/T 33171-2016',
  legendTrafficBand: (lo: string, hi: string) => `${lo}–${hi}`,
  legendTrafficWidth: '线宽：路段流量（辆/小时）',
  legendFlowVph: (v: number) => `${v.toLocaleString('zh-CN')} 辆/小时`,
  legendTrafficNoData: '无实时数据（按道路等级淡显）',
  legendVehicles: (shown: number, per: number) =>
    per > 1.05
      ? `当前 ${shown.toLocaleString('zh-CN')} 辆动画车辆，每辆约代表 ${per.toFixed(per < 10 ? 1 : 0)} 辆实际车辆`
      : `当前 ${shown.toLocaleString('zh-CN')} 辆动画车辆`,
  legendVehiclesNote: '地图：拖尾为最近 30 秒（仿真时间）行驶轨迹；三维：车身颜色为所在路段拥堵等级（浅色）',
  legendVehiclesWaiting: '等待车辆数据…',
  legendSignals: '信号控制交叉口',
} as const satisfies Record<string, Entry>;

export const en: DictOf<typeof zh> = {
  layerTraffic: 'Live traffic',
  layerVehicles: 'Vehicles (animated)',
  layerSignals: 'Signalised intersections',
  trafficBandFree: 'free flow',
  trafficBandSlow: 'slow',
  trafficBandCongested: 'congested',
  trafficBandJammed: 'jammed',
  legendTrafficRatio: 'colour: live speed ÷ free-flow speed (km/h ÷ km/h), grades after GB/T 33171-2016',
  legendTrafficBand: (lo: string, hi: string) => `${lo}–${hi}`,
  legendTrafficWidth: 'width: link flow (veh/h)',
  legendFlowVph: (v: number) => `${v.toLocaleString('en-US')} veh/h`,
  legendTrafficNoData: 'no live data (dimmed by road class)',
  legendVehicles: (shown: number, per: number) =>
    per > 1.05
      ? `${shown.toLocaleString('en-US')} animated vehicles, each standing for ≈ ${per.toFixed(per < 10 ? 1 : 0)} real vehicles`
      : `${shown.toLocaleString('en-US')} animated vehicles`,
  legendVehiclesNote:
    'map: trail = last 30 s (sim time) of travel; 3D: body colour = congestion band of its link',
  legendVehiclesWaiting: 'waiting for vehicle data…',
  legendSignals: 'signal-controlled intersection',
};
