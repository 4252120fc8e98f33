/** Vietnamese messages of the compliance figures. */
export const complianceMessages = {
  noPlan: 'Chưa có kế hoạch nào được nạp.',
  noSuchPlan: (code: string) => `Không có kế hoạch mã "${code}".`,
  badAsOf: (value: string) => `Thời điểm "${value}" không hợp lệ: cần ngày dạng YYYY-MM-DD hoặc thời điểm ISO 8601 có múi giờ.`,
};
