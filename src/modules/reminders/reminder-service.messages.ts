/** Vietnamese sentences of the reminder services, the tick and the outbox API. */
export const reminderServiceMessages = {
  nothingToChase: 'Nhiệm vụ không còn chờ sản phẩm (đã gửi, đã hoàn thành, được miễn hoặc đã hủy): không cần đôn đốc.',
  noFocalPoint: (agency: string) => `${agency} chưa có cán bộ đầu mối nhận thư: hãy nhập người nhận trước khi đôn đốc.`,
  unknownTemplate: (name: string) => `Không có mẫu thư "${name}".`,
  messageNotFound: (id: string) => `Không tìm thấy thư "${id}" trong hộp thư đi.`,
  notDead: (id: string, state: string) => `Thư "${id}" đang ở trạng thái ${state}: chỉ gửi lại được thư đã hỏng (dead).`,
} as const;
