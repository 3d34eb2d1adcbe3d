// Labels in Chinese and English side by side: the wall screen and the phones are read by people of both.
const labels = {
  commandCentre: ["指挥中心", "Command centre"],
  worker: ["网格员", "Grid worker"],
  officer: ["矫正工作人员", "Correction officer"],
  statistics: ["月度统计", "Monthly statistics"],
  ranking: ["排行榜", "Ranking"],
  home: ["首页", "Home"],
  district: ["镇区", "District"],
  community: ["社区", "Community"],
  cell: ["网格", "Cell"],
  cells: ["网格数", "Cells"],
  properties: ["出租屋", "Rental properties"],
  people: ["重点人员", "Monitored people"],
  workers: ["网格员", "Workers"],
  openAlerts: ["未处理预警", "Open alerts"],
  redAlerts: ["红牌", "Red cards"],
  yellowAlerts: ["黄牌", "Yellow cards"],
  overdue: ["逾期", "Overdue"],
  onTimeRate: ["按时率", "On-time rate"],
  liveFeed: ["实时预警", "Live alerts"],
  map: ["网格地图", "Grid map"],
  tasks: ["今日任务", "Today's tasks"],
  visit: ["走访", "Visit"],
  queued: ["待发送", "Queued"],
  synced: ["已同步", "Synced"],
  offline: ["离线", "Offline"],
  online: ["在线", "Online"],
  near: ["近", "Near"],
  far: ["远", "Far"],
  unverifiable: ["无法核实", "Unverifiable"],
  caseload: ["我的个案", "My caseload"],
  history: ["个案记录", "Case history"],
  noToken: ["未登录：请打开启动脚本打印的地址", "Not signed in: open the address the run command printed"],
  loading: ["加载中", "Loading"],
  nothing: ["暂无", "Nothing"],
  back: ["返回", "Back"],
  connected: ["已连接", "Live"],
  reconnecting: ["重新连接", "Reconnecting"],
};

/** "中文 English" for a label key. */
export function t(key) {
  const pair = labels[key];
  return pair ? `${pair[0]} ${pair[1]}` : key;
}

/** The pair as [zh, en]. */
export function pair(key) {
  return labels[key] ?? [key, key];
}
