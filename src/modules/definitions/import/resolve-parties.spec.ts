import * as path from 'node:path';
import { readDefinitionSet } from '../files/read-definition-set';
import { PARTY_ALIASES } from './party-aliases';
import { resolveParties, type PartyDirectory } from './resolve-parties';

const WORKFLOWS = path.join(__dirname, '../../../../workflows');

let directory: PartyDirectory;
beforeAll(async () => {
  // The Hải Phòng directory as the loader reads it: city agencies, 114 communes, groups.
  const { set, problems } = await readDefinitionSet(path.join(WORKFLOWS, 'directory'), WORKFLOWS);
  expect(problems).toEqual([]);
  directory = set;
});
const resolve = (text: string) => resolveParties(text, directory).map((p) => [p.name, p.resolved]);

describe('resolveParties: every lead and support cell of the Hải Phòng appendix', () => {
  it.each<[string, [string, string][]]>([
    ['Sở Khoa học và Công nghệ', [['Sở Khoa học và Công nghệ', 'SKHCN']]],
    ['BHXH thành phố', [['BHXH thành phố', 'BHXH']]],
    [
      'Ủy ban MTTQ Việt Nam thành phố và các tổ chức chính trị – xã hội',
      [['Ủy ban MTTQ Việt Nam thành phố', 'UBMTTQ'], ['các tổ chức chính trị – xã hội', 'TC_CTXH']],
    ],
    ['BHXH thành phố; UBND các xã, phường, đặc khu', [['BHXH thành phố', 'BHXH'], ['UBND các xã, phường, đặc khu', 'UBND_CAP_XA']]],
    ['UBND các xã, phường, đặc khu', [['UBND các xã, phường, đặc khu', 'UBND_CAP_XA']]],
    ['BHXH cơ sở', [['BHXH cơ sở', 'BHXH_CO_SO']]],
    ['BHXH thành phố; BHXH cơ sở', [['BHXH thành phố', 'BHXH'], ['BHXH cơ sở', 'BHXH_CO_SO']]],
    ['Sở Nội vụ; UBND các xã, phường, đặc khu', [['Sở Nội vụ', 'SNV'], ['UBND các xã, phường, đặc khu', 'UBND_CAP_XA']]],
    ['BHXH thành phố, BHXH cơ sở', [['BHXH thành phố', 'BHXH'], ['BHXH cơ sở', 'BHXH_CO_SO']]],
    ['Các cơ quan liên quan', [['Các cơ quan liên quan', 'CQ_LIEN_QUAN']]],
    ['Sở Nội vụ, BHXH thành phố', [['Sở Nội vụ', 'SNV'], ['BHXH thành phố', 'BHXH']]],
    ['Thanh tra thành phố; BHXH thành phố; Sở Nội vụ', [['Thanh tra thành phố', 'TTTP'], ['BHXH thành phố', 'BHXH'], ['Sở Nội vụ', 'SNV']]],
    ['Công an thành phố; Sở Nội vụ; BHXH thành phố', [['Công an thành phố', 'CATP'], ['Sở Nội vụ', 'SNV'], ['BHXH thành phố', 'BHXH']]],
    ['Sở Xây dựng', [['Sở Xây dựng', 'SXD']]],
    [
      'Sở Nội vụ, BHXH thành phố, Thanh tra thành phố, Ban Quản lý Khu kinh tế Hải Phòng, Sở Nông nghiệp và Môi trường, Sở Công Thương',
      [
        ['Sở Nội vụ', 'SNV'],
        ['BHXH thành phố', 'BHXH'],
        ['Thanh tra thành phố', 'TTTP'],
        ['Ban Quản lý Khu kinh tế Hải Phòng', 'BQLKKT'],
        ['Sở Nông nghiệp và Môi trường', 'SNNMT'],
        ['Sở Công Thương', 'SCT'],
      ],
    ],
    ['BHXH thành phố; các cơ quan liên quan', [['BHXH thành phố', 'BHXH'], ['các cơ quan liên quan', 'CQ_LIEN_QUAN']]],
  ])('%s', (text, expected) => {
    expect(resolve(text)).toEqual(expected);
  });
});

describe('resolveParties: abbreviations and spellings', () => {
  it.each<[string, string]>([
    ['Sở KH&CN', 'SKHCN'],
    ['Sở KH & CN', 'SKHCN'],
    ['Sở KHCN', 'SKHCN'],
    ['SKH&CN', 'SKHCN'],
    ['Sở Khoa học và Công nghệ thành phố Hải Phòng', 'SKHCN'],
    ['SO KHOA HOC VA CONG NGHE', 'SKHCN'],
    ['Sở NN&MT', 'SNNMT'],
    ['Sở VHTTDL', 'SVHTTDL'],
    ['Sở Văn hóa, Thể thao và Du lịch', 'SVHTTDL'],
    ['Sở Văn hoá, Thể thao và Du lịch', 'SVHTTDL'],
    ['Sở GD&ĐT', 'SGDDT'],
    ['Sở Giáo dục và Đào tạo', 'SGDDT'],
    ['BHXH TP', 'BHXH'],
    ['BHXH TP.', 'BHXH'],
    ['Bảo hiểm xã hội thành phố', 'BHXH'],
    ['Bảo hiểm xã hội thành phố Hải Phòng', 'BHXH'],
    ['BHXH các xã', 'BHXH_CO_SO'],
    ['UBND các xã, phường', 'UBND_CAP_XA'],
    ['UBND cấp xã', 'UBND_CAP_XA'],
    ['Ủy ban nhân dân các xã, phường, đặc khu', 'UBND_CAP_XA'],
    ['Uỷ ban nhân dân các xã, phường, đặc khu', 'UBND_CAP_XA'],
    ['UBND các xã,\nphường, đặc khu', 'UBND_CAP_XA'],
    ['các đoàn thể chính trị - xã hội', 'TC_CTXH'],
    ['Các tổ chức chính trị-xã hội', 'TC_CTXH'],
    ['hội, đoàn thể', 'TC_CTXH'],
    ['Các sở, ngành liên quan', 'CQ_LIEN_QUAN'],
    ['các đơn vị liên quan', 'CQ_LIEN_QUAN'],
    ['UBMTTQ', 'UBMTTQ'],
    ['Mặt trận Tổ quốc', 'UBMTTQ'],
    ['Ủy ban Mặt trận Tổ quốc Việt Nam thành phố', 'UBMTTQ'],
    ['CATP', 'CATP'],
    ['Công an TP', 'CATP'],
    ['Thanh tra thành phố', 'TTTP'],
    ['Thuế thành phố', 'THUE'],
    ['Cục Thuế', 'THUE'],
    ['BQL KKT', 'BQLKKT'],
    ['Ban Quản lý Khu kinh tế', 'BQLKKT'],
    ['HEZA', 'BQLKKT'],
    ['Liên đoàn Lao động thành phố', 'LDLD'],
    ['Văn phòng UBND thành phố', 'VP_UBND'],
    ['Văn phòng Ủy ban nhân dân thành phố', 'VP_UBND'],
    ['Sở Y tế', 'SYT'],
    ['Sở Tài chính', 'STC'],
    ['Thành đoàn', 'THANHDOAN'],
    ['Hội LHPN TP', 'HLHPN'],
    ['UBND phường Thủy Nguyên', '11560'],
    ['Ủy ban nhân dân phường Thủy Nguyên', '11560'],
    ['Phường Thủy Nguyên', '11560'],
    ['xã An Lão', '11629'],
    ['Đặc khu Cát Hải', '11914'],
  ])('%j → %s', (text, code) => {
    expect(resolve(text)).toEqual([[text.replace(/\s*\n\s*/g, ' ').replace(/\.$/, ''), code]]);
  });

  it('gives the type of each party', () => {
    expect(resolveParties('Sở Nội vụ; UBND các xã, phường, đặc khu; Sở Thông tin và Truyền thông', directory)).toEqual([
      { name: 'Sở Nội vụ', resolved: 'SNV', type: 'agency' },
      { name: 'UBND các xã, phường, đặc khu', resolved: 'UBND_CAP_XA', type: 'group' },
      {
        name: 'Sở Thông tin và Truyền thông',
        resolved: null,
        type: null,
        hint: 'cơ quan này không còn sau sắp xếp năm 2025, nhiệm vụ chuyển về Sở Khoa học và Công nghệ',
      },
    ]);
  });
});

describe('resolveParties: what does not resolve keeps its words', () => {
  it.each<[string, [string, string | null][]]>([
    ['… Công nghệ', [['… Công nghệ', null]]],
    ['Sở LĐTBXH', [['Sở LĐTBXH', null]]],
    ['Sở Lao động - Thương binh và Xã hội', [['Sở Lao động - Thương binh và Xã hội', null]]],
    ['Sở Kế hoạch và Đầu tư, Sở Tài chính', [['Sở Kế hoạch và Đầu tư', null], ['Sở Tài chính', 'STC']]],
    ['UBND các quận, huyện', [['UBND các quận, huyện', null]]],
    ['Thuế thành phố\nNgân hàng Nhà nước Khu vực 4', [['Thuế thành phố', 'THUE'], ['Ngân hàng Nhà nước Khu vực 4', null]]],
    ['Ngân hàng Nhà nước\nKhu vực 4', [['Ngân hàng Nhà nước Khu vực 4', null]]],
    ['Sở Du lịch, Thể thao và Văn hóa', [['Sở Du lịch, Thể thao và Văn hóa', null]]],
    ['Sở Nội vụ, Sở Ngoại giao và Đối ngoại', [['Sở Nội vụ', 'SNV'], ['Sở Ngoại giao và Đối ngoại', null]]],
    ['Công an', [['Công an', null]]],
    ['Thuế', [['Thuế', null]]],
    ['BHXH', [['BHXH', null]]],
  ])('%j', (text, expected) => {
    expect(resolve(text)).toEqual(expected);
  });
});

describe('resolveParties: splitting', () => {
  it.each<[string, [string, string | null][]]>([
    ['- Sở Y tế\n- Sở Tài chính', [['Sở Y tế', 'SYT'], ['Sở Tài chính', 'STC']]],
    ['Sở Nội vụ (chủ trì), Sở Y tế', [['Sở Nội vụ', 'SNV'], ['Sở Y tế', 'SYT']]],
    ['Sở Nội vụ và Sở Y tế cùng các đơn vị liên quan', [['Sở Nội vụ', 'SNV'], ['Sở Y tế', 'SYT'], ['các đơn vị liên quan', 'CQ_LIEN_QUAN']]],
    ['Các sở, ngành theo chức năng, nhiệm vụ', [['Các sở, ngành', 'CQ_LIEN_QUAN']]],
    ['Sở Nội vụ; Sở Nội vụ thành phố Hải Phòng', [['Sở Nội vụ', 'SNV']]],
    ['Sở A, Sở B và Ban C', [['Sở A', null], ['Sở B', null], ['Ban C', null]]],
    ['', []],
    [' ; , - ', []],
  ])('%j', (text, expected) => {
    expect(resolve(text)).toEqual(expected);
  });
});

describe('resolveParties: the directory decides', () => {
  const small: PartyDirectory = {
    agencies: [
      { code: 'A1', name: 'Sở Nội vụ tỉnh Mẫu', shortName: 'SNV' },
      { code: 'A2', name: 'Trung tâm Dữ liệu', shortName: 'TTDL' },
      { code: 'A3', name: 'Trung tâm Dữ liệu', shortName: null },
    ],
    groups: [{ code: 'G1', name: 'Các đơn vị sự nghiệp' }],
  };

  it('ignores aliases whose code the directory lacks', () => {
    expect(resolveParties('BHXH thành phố', small)).toEqual([{ name: 'BHXH thành phố', resolved: null, type: null }]);
  });

  it('resolves its own names and groups, with or without "các"', () => {
    expect(resolveParties('SNV; đơn vị sự nghiệp', small).map((p) => [p.resolved, p.type])).toEqual([
      ['A1', 'agency'],
      ['G1', 'group'],
    ]);
  });

  it('refuses to choose between two entries with the same name', () => {
    expect(resolveParties('Trung tâm Dữ liệu', small)).toEqual([
      { name: 'Trung tâm Dữ liệu', resolved: null, type: null, hint: 'tên trùng với nhiều cơ quan: A2, A3' },
    ]);
    expect(resolveParties('TTDL', small)[0].resolved).toBe('A2');
  });

  it('has alias codes that all exist in the Hải Phòng directory', () => {
    const codes = new Set([...directory.agencies.map((a) => a.code), ...directory.groups.map((g) => g.code)]);
    const missing = PARTY_ALIASES.flatMap((a) => (a.code && !codes.has(a.code) ? [a.code] : []));
    expect(missing).toEqual([]);
  });
});
