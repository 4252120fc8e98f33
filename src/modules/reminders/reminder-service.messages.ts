/** Vietnamese sentences of the reminder services, the tick and the outbox API. */
export const reminderServiceMessages = {
  unknownTemplate: (name: string) => `Không có mẫu thư "${name}".`,
  messageNotFound: (id: string) => `Không tìm thấy thư "${id}" trong hộp thư đi.`,
  notDead: (id: string, state: string) => `Thư "${id}" đang ở trạng thái ${state}: chỉ gửi lại được thư đã hỏng (dead).`,
} as const;
