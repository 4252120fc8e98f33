/** Vietnamese sentences of the task instance service and API. */
export const taskMessages = {
  instanceNotFound: (id: string) => `Không tìm thấy nhiệm vụ "${id}".`,
  rowNotFound: (plan: string, key: string) => `Kế hoạch "${plan}" không có dòng phụ lục "${key}".`,
  agencyNotFound: (code: string) => `Không có cơ quan "${code}" trong danh bạ.`,
  agencyNotResponsible: (agency: string, key: string) => `Cơ quan "${agency}" không chủ trì dòng ${key}.`,
  rowNotAdHoc: (key: string, timing: string) =>
    `Dòng ${key} ("${timing}") không có thời gian "đột xuất": không tạo được nhiệm vụ đột xuất.`,
  dueNotWorkingDay: (date: string) => `Ngày ${date} là ngày nghỉ; hãy chọn một ngày làm việc.`,
  dueInPast: (date: string, today: string) => `Hạn ${date} đã qua (hôm nay là ${today}).`,
  adHocLabel: (date: string) => `Đột xuất, hạn ${date}`,
  notYourAgency: (agency: string) => `Chỉ cán bộ đầu mối của ${agency} được nộp sản phẩm cho nhiệm vụ này.`,
  reviewLeadOnly: 'Chỉ cơ quan chủ trì hoặc Sở Nội vụ được xem xét phần phối hợp này.',
  reviewMonitorOnly: 'Chỉ cơ quan theo dõi (Sở Nội vụ) được xem xét sản phẩm của nhiệm vụ này.',
  monitorOnly: 'Chỉ cơ quan theo dõi (Sở Nội vụ) được thực hiện thao tác này.',
  adHocMonitorOnly: 'Chỉ cơ quan theo dõi (Sở Nội vụ) được tạo nhiệm vụ đột xuất.',
} as const;
