/** Vietnamese sentences about the people of agencies. */
export const peopleMessages = {
  badEmail: (email: string) => `"${email}" không phải là địa chỉ e-mail hợp lệ.`,
  badRole: (role: string) => `Vai trò "${role}" không hợp lệ: dùng focal-point (cán bộ đầu mối) hoặc head (thủ trưởng).`,
  agencyNotFound: (code: string) => `Không có cơ quan "${code}" trong danh bạ.`,
  personNotFound: (id: string) => `Không tìm thấy người "${id}".`,
  roleLabel: { 'focal-point': 'cán bộ đầu mối', head: 'thủ trưởng' } as Record<string, string>,
  added: (name: string, email: string, role: string, agency: string, created: boolean) =>
    `${created ? 'Đã thêm' : 'Đã cập nhật'} ${name ? `${name} <${email}>` : email} làm ${role} của ${agency}.`,
} as const;
