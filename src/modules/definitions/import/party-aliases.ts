/**
 * Names that appendices use for agencies and groups besides the names in the directory.
 * Values are codes in workflows/directory; an alias whose code is not in the directory being
 * used is ignored. `code: null` marks a name that is known but has no agency any more (the
 * 2025 reorganisation): it is matched whole, so that "Sở Thông tin và Truyền thông" is not cut
 * at "và", and comes out unresolved with `successor` as a hint for the admin.
 *
 * Matching is on folded words (see resolve-parties.ts): case, diacritics, "&", dashes,
 * commas and "thành phố"/"TP" do not matter, and "Ủy ban nhân dân" = "UBND",
 * "Bảo hiểm xã hội" = "BHXH", "Mặt trận Tổ quốc" = "MTTQ", "Khoa học và Công nghệ" = "KH&CN" …
 */
export interface PartyAlias {
  code: string | null;
  names: readonly string[];
  /** For `code: null`: where the work went (Vietnamese, for the warning). */
  successor?: string;
}

export const PARTY_ALIASES: readonly PartyAlias[] = [
  { code: 'SKHCN', names: ['Sở KH&CN', 'Sở KHCN', 'Sở Khoa học và Công nghệ', 'Sở Khoa học - Công nghệ'] },
  { code: 'SNNMT', names: ['Sở NN&MT', 'Sở NNMT', 'Sở Nông nghiệp và Môi trường'] },
  { code: 'SVHTTDL', names: ['Sở VHTTDL', 'Sở VHTT&DL', 'Sở Văn hóa, Thể thao và Du lịch'] },
  { code: 'SGDDT', names: ['Sở GD&ĐT', 'Sở GDĐT', 'Sở Giáo dục và Đào tạo'] },
  { code: 'BHXH', names: ['BHXH thành phố', 'BHXH TP', 'Bảo hiểm xã hội thành phố'] },
  { code: 'BHXH_CO_SO', names: ['BHXH cơ sở', 'BHXH các xã', 'Bảo hiểm xã hội cơ sở'] },
  {
    code: 'UBND_CAP_XA',
    names: [
      'UBND các xã, phường, đặc khu',
      'UBND các xã, phường',
      'UBND cấp xã',
      'Ủy ban nhân dân các xã, phường, đặc khu',
      'UBND các xã, phường, thị trấn',
      'các xã, phường, đặc khu',
    ],
  },
  {
    code: 'TC_CTXH',
    names: [
      'Các tổ chức chính trị – xã hội',
      'các đoàn thể chính trị - xã hội',
      'hội, đoàn thể',
      'các hội, đoàn thể',
      'các đoàn thể',
    ],
  },
  {
    code: 'CQ_LIEN_QUAN',
    names: [
      'Các cơ quan liên quan',
      'các cơ quan có liên quan',
      'các sở, ngành liên quan',
      'các sở, ban, ngành liên quan',
      'các sở, ban, ngành',
      'các sở, ngành',
      'các đơn vị liên quan',
      'các đơn vị có liên quan',
      'các cơ quan, đơn vị liên quan',
      'các cơ quan, đơn vị có liên quan',
    ],
  },
  {
    code: 'UBMTTQ',
    names: [
      'Ủy ban MTTQ Việt Nam thành phố',
      'Ủy ban MTTQ thành phố',
      'Ủy ban MTTQ Việt Nam',
      'UBMTTQ',
      'UBMTTQ Việt Nam thành phố',
      'Mặt trận Tổ quốc',
      'Mặt trận Tổ quốc Việt Nam thành phố',
      'MTTQ thành phố',
    ],
  },
  { code: 'CATP', names: ['Công an thành phố', 'CATP'] },
  { code: 'TTTP', names: ['Thanh tra thành phố'] },
  { code: 'THUE', names: ['Thuế thành phố', 'Cục Thuế'] },
  { code: 'BQLKKT', names: ['Ban Quản lý Khu kinh tế Hải Phòng', 'Ban Quản lý Khu kinh tế', 'BQL KKT', 'HEZA'] },
  { code: 'LDLD', names: ['Liên đoàn Lao động thành phố', 'LĐLĐ thành phố'] },
  { code: 'VP_UBND', names: ['Văn phòng UBND thành phố', 'VP UBND thành phố'] },

  // Known names without an agency since the 2025 reorganisation.
  {
    code: null,
    names: ['Sở LĐTBXH', 'Sở LĐ-TB&XH', 'Sở Lao động - Thương binh và Xã hội', 'Sở Lao động, Thương binh và Xã hội'],
    successor: 'Sở Nội vụ, Sở Y tế, Sở Giáo dục và Đào tạo',
  },
  {
    code: null,
    names: ['Sở Thông tin và Truyền thông', 'Sở TT&TT', 'Sở TTTT'],
    successor: 'Sở Khoa học và Công nghệ',
  },
  { code: null, names: ['Sở Kế hoạch và Đầu tư', 'Sở KH&ĐT', 'Sở KHĐT'], successor: 'Sở Tài chính' },
  { code: null, names: ['Sở Tài nguyên và Môi trường', 'Sở TN&MT', 'Sở TNMT'], successor: 'Sở Nông nghiệp và Môi trường' },
  {
    code: null,
    names: ['Sở Nông nghiệp và Phát triển nông thôn', 'Sở NN&PTNT', 'Sở NNPTNT'],
    successor: 'Sở Nông nghiệp và Môi trường',
  },
  { code: null, names: ['Sở Giao thông vận tải', 'Sở GTVT'], successor: 'Sở Xây dựng' },
  {
    code: null,
    names: ['UBND các quận, huyện', 'UBND các huyện, quận', 'UBND cấp huyện', 'UBND các quận, huyện, thị xã'],
    successor: 'UBND các xã, phường, đặc khu',
  },
];

/** The city whose name may follow "thành phố" or end an agency's name ("… thành phố Hải Phòng"). */
export const CITY_NAMES: readonly string[] = ['Hải Phòng'];
