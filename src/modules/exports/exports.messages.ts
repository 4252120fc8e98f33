/** Headers and sheet names of the exports, in Vietnamese. */
export const exportMessages = {
  instancesSheet: 'Nhiệm vụ',
  instanceHeaders: ['Dòng', 'Nhiệm vụ', 'Kỳ', 'Mã cơ quan', 'Cơ quan', 'Vai trò', 'Hạn', 'Trạng thái', 'Phân loại', 'Ngày gửi', 'Số lần gửi'],
  complianceSheet: (year: number) => `Tuân thủ ${year}`,
  complianceFirstHeaders: ['Mã cơ quan', 'Cơ quan'],
  complianceLastHeader: 'Tỷ lệ đúng hạn (%)',
  roleLabels: { lead: 'Chủ trì', support: 'Phối hợp' } as Record<string, string>,
  cell: (done: number, total: number) => `${done}/${total}`,
  tooMany: (max: number) => `Quá nhiều nhiệm vụ để xuất một lần (tối đa ${max.toLocaleString('vi-VN')}); hãy lọc thêm.`,
  noPlan: 'Chưa có kế hoạch nào được nạp.',
  agencyNotFound: (code: string) => `Không tìm thấy cơ quan "${code}".`,
  feedNotFound: 'Không tìm thấy lịch này.',
  feedNameAgency: (agency: string) => `Hạn nhiệm vụ – ${agency}`,
  feedNamePerson: (name: string) => `Hạn nhiệm vụ của ${name}`,
  eventSummary: (row: string, period: string, agency: string) => `Hạn ${row} – ${period} (${agency})`,
  eventDescription: (task: string, due: string, status: string) => `${task}\nHạn: ${due}\nTrạng thái: ${status}`,
} as const;
