/** Vietnamese words of the annual report's XLSX annex. */
export const annexWords = {
  targetsSheet: 'Chỉ tiêu',
  targetHeaders: ['Chỉ tiêu', 'Đơn vị', 'Năm', 'Chỉ tiêu giao', 'Thực hiện', 'Số liệu đến ngày', 'Tỷ lệ so với chỉ tiêu (%)', 'Đánh giá', 'Ghi chú'],
  met: 'Đạt',
  notMet: 'Chưa đạt',
  tasksSheet: 'Nhiệm vụ',
  taskHeaders: ['Mục', 'Dòng', 'Nhiệm vụ', 'Mã cơ quan', 'Cơ quan', 'Vai trò', 'Kỳ', 'Hạn', 'Trạng thái', 'Phân loại', 'Số lần gửi', 'Ngày gửi gần nhất', 'Sản phẩm (số văn bản, tệp, đường dẫn)'],
  lead: 'Chủ trì',
  support: 'Phối hợp',
  agenciesSheet: 'Theo cơ quan',
  agencyHeaders: ['Mã cơ quan', 'Cơ quan', 'Hoàn thành đúng hạn', 'Hoàn thành quá hạn', 'Đang thực hiện trong hạn', 'Quá hạn chưa hoàn thành', 'Được miễn', 'Tỷ lệ đúng hạn (%)', 'Số ngày làm việc chậm bình quân'],
  lateSheet: 'Quá hạn',
  lateHeaders: ['Mã cơ quan', 'Cơ quan', 'Thủ trưởng', 'Dòng', 'Nhiệm vụ', 'Kỳ', 'Hạn', 'Số ngày làm việc quá hạn'],
  figuresSheet: 'Số liệu',
  figureHeaders: ['Dòng', 'Số liệu', 'Đơn vị', 'Tổng hợp', 'Cách tổng hợp', 'Số cơ quan báo cáo'],
  sum: 'Cộng',
  mean: 'Bình quân',
};
