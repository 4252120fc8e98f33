/** Vietnamese sentences of instance generation (the pure domain keeps its own in domain/). */
export const generationMessages = {
  planNotFound: (code: string) => `Không tìm thấy kế hoạch "${code}".`,
  planNotActive: (code: string, status: string) =>
    `Kế hoạch "${code}" đang ở trạng thái ${status === 'draft' ? 'dự thảo' : 'đã kết thúc'}: chỉ kế hoạch đang thực hiện mới được sinh nhiệm vụ.`,
  emptyGroup: (name: string, role: 'lead' | 'support') =>
    `${role === 'lead' ? 'Cơ quan chủ trì' : 'Cơ quan phối hợp'} "${name}" chưa có thành viên: chưa sinh nhiệm vụ cho nhóm này.`,
  noResponsibleAgency: 'Chưa xác định được cơ quan chủ trì cụ thể: dòng này chưa sinh nhiệm vụ.',
  yearOutOfRange: (year: number) => `Năm ${year} nằm ngoài khoảng 1900–2199.`,
  invalidSettings: (code: string, errors: string[]) => `Thiết lập của kế hoạch "${code}" không hợp lệ: ${errors.join('; ')}`,
} as const;
