/** Words of the demonstration data. */
export const demoMessages = {
  demoActor: 'Cán bộ đầu mối (dữ liệu thử nghiệm)',
  demoMonitor: 'Sở Nội vụ (dữ liệu thử nghiệm)',
  demoNote: 'Dữ liệu thử nghiệm do phuluc seed-demo tạo.',
  demoReturnComment: 'Đề nghị bổ sung danh sách các hoạt động tuyên truyền theo từng tháng.',
} as const;
