#!/usr/bin/env python3
"""Generates the offline sample portal served by scripts/serve-sample.

A small provincial portal ("tỉnh Sơn Hà", fictional) in the shapes of ../shared/seeds/:
home page, four category listings with pagination, 45 article pages whose date lines,
bylines, related-news lists, visitor counters and footers copy the five seed CMSs, a
calendar template (the server turns /lich-cong-tac?date=... into an endless chain of
days: a spider trap), a search page that robots.txt disallows, robots.txt, rss.xml and
sitemap.xml ({BASE} is filled in by the server), and truth.jsonl: what a correct crawl
must store for each article.

Design choice: everything comes from one seeded random.Random, no clock and no set
iteration, so running the script twice writes identical bytes (the output is committed).
Two articles are written in windows-1258 with combining tone marks, as old portals did.

Usage: python3 data/sample-site/generate.py [OUTDIR]   (default: this script's folder)
"""
import datetime as dt
import html
import json
import os
import random
import re
import shutil
import sys
import unicodedata

SITE = 'Cổng thông tin điện tử tỉnh Sơn Hà'
SITE_UP = 'CỔNG THÔNG TIN ĐIỆN TỬ TỈNH SƠN HÀ'
PER_PAGE = 6
rng = random.Random(20211130)

CATS = [
    ('phong-chong-dich', 'Phòng chống dịch bệnh'),
    ('chi-dao-dieu-hanh', 'Chỉ đạo - Điều hành'),
    ('hoat-dong', 'Tin hoạt động'),
    ('kinh-te-xa-hoi', 'Kinh tế - Văn hóa - Xã hội'),
]
CAT_NAME = dict(CATS)

DISTRICTS = ['Tùng Lâm', 'Nậm Khê', 'Bình Giang', 'Phù Lưu', 'Ngọc Sơn', 'Mường Tấc']
COMMUNES = ['Tà Xùa', 'Pá Khoang', 'Nà Hỳ', 'Chiềng Sơn', 'Phìn Hồ', 'Mường Mùn',
            'Huổi Lếch', 'Sín Chải', 'Lao Xả', 'Nậm Càn', 'Tân Phong', 'Bản Công']
VPCT = 'Lò Thị Minh Hạnh'      # Phó Chủ tịch UBND tỉnh phụ trách văn xã
CT = 'Hà Văn Dũng'             # Chủ tịch UBND tỉnh
BT = 'Trần Quốc Hưng'          # Bí thư Tỉnh ủy
GD_YT = 'Phạm Văn Khải'        # Giám đốc Sở Y tế
GD_NN = 'Vi Văn Toàn'          # Giám đốc Sở Nông nghiệp và Phát triển nông thôn

WEEKDAYS = ['Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy', 'Chủ Nhật']


def esc(s):
    return html.escape(s, quote=True)


def vn_date(d):
    return d.strftime('%d/%m/%Y')


def num(n):
    """1234567 -> '1.234.567' (Vietnamese thousands separator)."""
    return f'{n:,}'.replace(',', '.')


def slugify(s):
    s = s.replace('đ', 'd').replace('Đ', 'D')
    s = unicodedata.normalize('NFD', s)
    s = ''.join(c for c in s if unicodedata.category(c) != 'Mn').lower()
    return re.sub(r'[^a-z0-9]+', '-', s).strip('-')[:70].rstrip('-')


def tp(d):
    """The time phrase that opens a lead sentence."""
    return rng.choice(['Sáng ngày', 'Chiều ngày', 'Ngày', 'Sáng ngày', 'Chiều ngày']) + ' ' + vn_date(d)


# --------------------------------------------------------------------------- documents

class Docs:
    """Collects cited legal documents; the truth list is ordered by first use in the text."""

    def __init__(self):
        self.known = {}

    def ref(self, kind, number, issuer, date=None, style='số', comma=False):
        """Returns the text citing a document and records its normalized form."""
        self.known[number] = {'kind': kind.lower(), 'number': number, 'issuer': issuer,
                              'date': date.isoformat() if date else None}
        text = kind
        if style:
            text += ' ' + style
        text += ' ' + number
        if date:
            text += (',' if comma else '') + ' ngày ' + vn_date(date)
        return text

    def ordered(self, body):
        hits = []
        for number, d in self.known.items():
            m = re.search(r'(?<![\w/-])' + re.escape(number) + r'(?![\w/-])', body)
            assert m, number
            hits.append((m.start(), d))
        return [d for _, d in sorted(hits, key=lambda h: h[0])]


def before(d, lo, hi):
    return d - dt.timedelta(days=rng.randint(lo, hi))


# --------------------------------------------------------------------------- article texts
# Each writer returns (title, [paragraphs], labels).  A paragraph is a str, or
# ('img', file name, caption) for a photo with its caption inside the body.

def w_covid_cases(d, docs):
    new = rng.randint(18, 240)
    comm = rng.randint(2, new // 2)
    ds = rng.sample(DISTRICTS, 3)
    n1 = rng.randint(1, new // 2)
    n2 = rng.randint(1, (new - n1) // 2 + 1)
    n3 = new - n1 - n2
    recov = rng.randint(2000, 9000)
    treat = rng.randint(300, 2500)
    death = rng.randint(3, 40)
    total = recov + treat + death
    f1 = rng.randint(400, 3000)
    title = rng.choice([f'Sơn Hà ghi nhận thêm {new} ca mắc COVID-19 mới',
                        f'Tình hình dịch COVID-19 trên địa bàn tỉnh ngày {d.day}/{d.month}'])
    pars = [
        f'{tp(d)}, Sở Y tế tỉnh Sơn Hà cho biết, trong 24 giờ qua trên địa bàn tỉnh ghi nhận thêm {new} ca mắc COVID-19 mới, trong đó có {comm} ca phát hiện tại cộng đồng, {new - comm} ca đã được cách ly từ trước. Các ca mắc mới tập trung tại huyện {ds[0]} ({n1} ca), huyện {ds[1]} ({n2} ca) và huyện {ds[2]} ({n3} ca).',
        f'Tính từ đầu đợt dịch đến nay, toàn tỉnh đã ghi nhận {num(total)} ca mắc COVID-19; trong đó {num(recov)} bệnh nhân đã khỏi bệnh, được xuất viện; {num(treat)} bệnh nhân đang điều trị tại các cơ sở y tế và tại nhà; {death} trường hợp tử vong. Hiện có {num(f1)} trường hợp F1 đang được cách ly y tế tập trung và tại nhà.',
        f'Về công tác tiêm chủng, đến nay toàn tỉnh đã tiêm được {num(rng.randint(900000, 1600000))} liều vắc xin phòng COVID-19; tỷ lệ người từ 18 tuổi trở lên được tiêm đủ 2 mũi đạt {rng.randint(80, 99)}%, trẻ em từ 12 đến 17 tuổi được tiêm mũi 1 đạt {rng.randint(60, 98)}%.',
        'Sở Y tế khuyến cáo người dân tiếp tục thực hiện Thông điệp 5K, khi có biểu hiện ho, sốt, khó thở, mất vị giác cần liên hệ ngay với trạm y tế gần nhất để được hướng dẫn, xử trí kịp thời.',
    ]
    return title, pars, ['case_report']


def w_dengue(d, docs):
    x, z = rng.sample(DISTRICTS, 2)
    total = rng.randint(300, 1900)
    week = rng.randint(25, 160)
    foci = rng.randint(6, 30)
    nx = rng.randint(total // 4, total // 2)
    ny = rng.randint(30, total // 4)
    nz = rng.randint(10, total // 5)
    houses = rng.randint(800, 6000)
    title = rng.choice([f'Huyện {x}: Số ca mắc sốt xuất huyết tăng cao',
                        f'Ghi nhận {foci} ổ dịch sốt xuất huyết trên địa bàn tỉnh'])
    deaths = rng.choice(['Đến nay chưa ghi nhận trường hợp tử vong.',
                         'Đã có 01 trường hợp tử vong là bệnh nhân có bệnh nền.'])
    pars = [
        f'{tp(d)}, Trung tâm Kiểm soát bệnh tật (CDC) tỉnh Sơn Hà cho biết, lũy tích từ đầu mùa dịch đến nay toàn tỉnh ghi nhận {num(total)} ca mắc sốt xuất huyết, tăng {rng.randint(40, 300)} ca so với cùng kỳ năm trước; riêng trong tuần qua ghi nhận {week} ca mắc mới.',
        f'Các ca bệnh tập trung chủ yếu tại huyện {x} ({nx} ca), thành phố Sơn Hà ({ny} ca) và huyện {z} ({nz} ca). Toàn tỉnh đã phát hiện {foci} ổ dịch, trong đó {rng.randint(1, foci - 1)} ổ dịch đã được xử lý và kết thúc. {deaths}',
        ('img', f'sxh-{d:%Y%m%d}.jpg', f'Cán bộ y tế phun hóa chất diệt muỗi tại một khu dân cư của huyện {x}.'),
        f'Ngay sau khi phát hiện ổ dịch, ngành y tế đã phối hợp với chính quyền địa phương tổ chức phun hóa chất diệt muỗi tại {num(houses)} hộ gia đình, phát động chiến dịch diệt lăng quăng, bọ gậy tại các khu dân cư có nguy cơ cao.',
        'Theo nhận định của ngành y tế, thời tiết mưa nhiều, nắng nóng xen kẽ là điều kiện thuận lợi cho muỗi truyền bệnh phát triển, số ca mắc sốt xuất huyết có thể tiếp tục tăng trong thời gian tới.',
    ]
    return title, pars, ['case_report']


def w_asf(d, docs):
    x = rng.choice(DISTRICTS)
    cs = rng.sample(COMMUNES, rng.randint(2, 4))
    hh = rng.randint(8, 70)
    pigs = rng.randint(hh * 3, hh * 12)
    kg = pigs * rng.randint(40, 70)
    title = rng.choice([f'Dịch tả lợn châu Phi xuất hiện tại {len(cs)} xã của huyện {x}',
                        f'Huyện {x}: Tiêu hủy {pigs} con lợn mắc bệnh dịch tả lợn châu Phi'])
    pars = [
        f'{tp(d)}, Chi cục Chăn nuôi và Thú y tỉnh Sơn Hà cho biết, bệnh dịch tả lợn châu Phi đã xuất hiện tại {hh} hộ chăn nuôi thuộc {len(cs) + rng.randint(1, 5)} thôn, bản của {len(cs)} xã trên địa bàn huyện {x}.',
        f'Tổng số lợn mắc bệnh, chết và buộc phải tiêu hủy là {pigs} con với tổng trọng lượng trên {num(kg)} kg. Các xã có dịch gồm: {", ".join(cs)}. Mẫu bệnh phẩm gửi Cơ quan Thú y vùng I đều cho kết quả dương tính với vi rút dịch tả lợn châu Phi.',
        'Ngay khi phát hiện lợn có biểu hiện bệnh, chính quyền địa phương đã phối hợp với lực lượng thú y tiêu hủy toàn bộ số lợn bệnh theo quy định, khoanh vùng ổ dịch, phun khử trùng, tiêu độc chuồng trại và khu vực xung quanh; lập chốt kiểm soát, không để vận chuyển lợn và sản phẩm từ lợn ra khỏi vùng dịch.',
        f'Hiện tổng đàn lợn của huyện {x} có khoảng {num(rng.randint(30, 90) * 1000)} con. Ngành chuyên môn khuyến cáo người chăn nuôi không mua bán lợn không rõ nguồn gốc, không vứt xác lợn chết ra môi trường và báo ngay cho chính quyền khi phát hiện lợn ốm, chết bất thường.',
    ]
    return title, pars, ['case_report']


def w_hfmd(d, docs):
    x = rng.choice(DISTRICTS)
    total = rng.randint(60, 400)
    kids = total - rng.randint(0, 5)
    title = f'Gia tăng số trẻ mắc bệnh tay chân miệng tại huyện {x}'
    pars = [
        f'{tp(d)}, Trung tâm Y tế huyện {x} cho biết, từ đầu năm đến nay trên địa bàn huyện ghi nhận {total} ca mắc bệnh tay chân miệng, trong đó {kids} ca là trẻ em dưới 5 tuổi. Riêng tháng {d.month} ghi nhận {rng.randint(15, 60)} ca, tăng gần gấp đôi so với tháng trước.',
        f'Phần lớn các ca bệnh ở thể nhẹ, được điều trị ngoại trú và theo dõi tại nhà; {rng.randint(3, 20)} trẻ phải nhập viện điều trị tại Bệnh viện Đa khoa tỉnh, hiện sức khỏe đã ổn định. Chưa ghi nhận trường hợp biến chứng nặng hoặc tử vong.',
        ('img', f'tcm-{d:%Y%m%d}.jpg', f'Bác sĩ Trung tâm Y tế huyện {x} khám cho trẻ mắc tay chân miệng.'),
        'Ngành y tế đã tổ chức khử khuẩn tại các trường mầm non có trẻ mắc bệnh, hướng dẫn giáo viên và phụ huynh theo dõi, phát hiện sớm các dấu hiệu sốt, nổi bọng nước ở lòng bàn tay, bàn chân, miệng để đưa trẻ đến cơ sở y tế kịp thời.',
    ]
    return title, pars, ['case_report']


DIRECTIVE_TOPICS = {
    'covid': ('dịch COVID-19', [
        'Sở Y tế chủ trì, phối hợp với UBND các huyện, thị xã, thành phố đẩy nhanh tiến độ tiêm vắc xin phòng COVID-19, nhất là mũi nhắc lại cho người cao tuổi, người có bệnh nền; bảo đảm đủ thuốc, vật tư, sinh phẩm xét nghiệm và trang thiết bị y tế phục vụ điều trị.',
        'UBND các huyện, thị xã, thành phố chỉ đạo các xã, phường, thị trấn rà soát, lập danh sách người chưa tiêm đủ liều; tổ chức các điểm tiêm lưu động tại thôn, bản vùng sâu, vùng xa; kiểm tra, xử lý nghiêm các trường hợp vi phạm quy định phòng, chống dịch.',
        'Sở Giáo dục và Đào tạo chỉ đạo các trường học thực hiện nghiêm các biện pháp phòng, chống dịch trong trường học, phối hợp với ngành y tế tổ chức tiêm vắc xin cho học sinh bảo đảm an toàn.',
    ]),
    'dengue': ('dịch bệnh sốt xuất huyết', [
        'Sở Y tế chỉ đạo các đơn vị y tế tăng cường giám sát, phát hiện sớm ca bệnh, xử lý triệt để ổ dịch, không để dịch lan rộng; chuẩn bị đủ thuốc, hóa chất, giường bệnh, thực hiện tốt việc phân tuyến điều trị, hạn chế thấp nhất trường hợp tử vong.',
        'UBND các huyện, thị xã, thành phố tổ chức chiến dịch vệ sinh môi trường, diệt lăng quăng, bọ gậy tại các khu dân cư, cơ quan, trường học; huy động các tổ chức đoàn thể tham gia kiểm tra, giám sát tại từng hộ gia đình.',
        'Sở Tài chính tham mưu bố trí kinh phí cho công tác phòng, chống dịch bệnh theo quy định.',
    ]),
    'asf': ('bệnh dịch tả lợn châu Phi', [
        'Sở Nông nghiệp và Phát triển nông thôn chỉ đạo Chi cục Chăn nuôi và Thú y tăng cường giám sát, lấy mẫu xét nghiệm, hướng dẫn tiêu hủy lợn bệnh và xử lý ổ dịch đúng quy định; bảo đảm đủ hóa chất khử trùng, tiêu độc cho các địa phương.',
        'UBND các huyện, thị xã, thành phố chỉ đạo kiểm soát chặt chẽ việc vận chuyển, giết mổ lợn; thành lập các chốt kiểm dịch tạm thời tại vùng có dịch; tuyên truyền để người chăn nuôi không giấu dịch, không bán chạy lợn bệnh.',
        'Công an tỉnh phối hợp với lực lượng quản lý thị trường kiểm tra, xử lý nghiêm các trường hợp vận chuyển, buôn bán lợn, sản phẩm từ lợn không rõ nguồn gốc.',
    ]),
    'hfmd': ('bệnh tay chân miệng', [
        'Sở Y tế chỉ đạo các đơn vị tăng cường giám sát tại cơ sở y tế, trường mầm non, phát hiện sớm ca bệnh và xử lý kịp thời ổ dịch; tập huấn cho cán bộ y tế về chẩn đoán, điều trị bệnh tay chân miệng.',
        'Sở Giáo dục và Đào tạo chỉ đạo các trường mầm non, nhà trẻ thực hiện vệ sinh lớp học, đồ chơi hằng ngày bằng xà phòng hoặc dung dịch khử khuẩn; hướng dẫn trẻ rửa tay đúng cách.',
        'UBND các huyện, thị xã, thành phố chỉ đạo trạm y tế xã phối hợp với nhà trường thông báo kịp thời các trường hợp trẻ nghi mắc bệnh.',
    ]),
}


def w_congvan(d, docs):
    key = rng.choice(list(DIRECTIVE_TOPICS))
    disease, demands = DIRECTIVE_TOPICS[key]
    n = rng.randint(1200, 4800)
    cv = docs.ref('Công văn', f'{n}/UBND-VX', 'UBND-VX', d)
    if key == 'covid':
        up = docs.ref('Công điện', f'{rng.randint(200, 1300)}/CĐ-TTg', 'TTg', before(d, 3, 15)) + ' của Thủ tướng Chính phủ'
    elif key == 'asf':
        up = docs.ref('Công văn', f'{rng.randint(1000, 7000)}/BNN-TY', 'BNN-TY', before(d, 3, 15)) + ' của Bộ Nông nghiệp và Phát triển nông thôn'
        up += ' và ' + docs.ref('Công văn', str(rng.randint(300, 2000)), None) + ' của Sở Nông nghiệp và Phát triển nông thôn'
    else:
        up = docs.ref('Công văn', f'{rng.randint(1000, 7000)}/BYT-DP', 'BYT-DP', before(d, 3, 15)) + ' của Bộ Y tế'
        up += ', ' + docs.ref('Kế hoạch', f'{rng.randint(10, 99)}-KH/TU', 'TU', style='') + ' của Ban Thường vụ Tỉnh ủy'
    title = rng.choice([f'UBND tỉnh chỉ đạo tăng cường công tác phòng, chống {disease}',
                        f'Sơn Hà: Triển khai quyết liệt các biện pháp phòng, chống {disease}'])
    pars = [
        f'{tp(d)}, UBND tỉnh Sơn Hà ban hành {cv} về việc tăng cường các biện pháp phòng, chống {disease} trên địa bàn tỉnh.',
        f'Theo đó, thực hiện {up}; để chủ động ngăn chặn, không để dịch bệnh lây lan trên diện rộng, Chủ tịch UBND tỉnh yêu cầu các sở, ban, ngành, UBND các huyện, thị xã, thành phố theo chức năng, nhiệm vụ được giao triển khai thực hiện:',
    ] + [f'{i}. {t}' for i, t in enumerate(demands, 1)] + [
        f'{len(demands) + 1}. Sở Thông tin và Truyền thông, Đài Phát thanh và Truyền hình tỉnh, Báo Sơn Hà tăng cường thông tin, tuyên truyền về tình hình dịch bệnh và các biện pháp phòng, chống để người dân chủ động thực hiện.',
        'Chủ tịch UBND tỉnh yêu cầu Thủ trưởng các sở, ban, ngành, Chủ tịch UBND các huyện, thị xã, thành phố nghiêm túc triển khai thực hiện./.',
    ]
    return title, pars, ['directive']


CHITHI_TOPICS = [
    ('tăng cường công tác phòng, chống bệnh dịch tả lợn châu Phi', 'asf'),
    ('đẩy mạnh tiêm vắc xin phòng COVID-19 mũi nhắc lại', 'covid'),
    ('chủ động phòng, chống dịch bệnh mùa mưa', 'dengue'),
    ('phòng, chống đói, rét cho gia súc trong mùa đông', None),
]


def w_chithi(d, docs):
    topic, key = rng.choice(CHITHI_TOPICS)
    n = rng.randint(3, 25)
    ct = docs.ref('Chỉ thị', f'{n:02d}/CT-UBND', 'UBND', d)
    title = f'Chủ tịch UBND tỉnh ban hành Chỉ thị về {topic}'
    if key:
        demands = DIRECTIVE_TOPICS[key][1]
    else:
        demands = [
            'Sở Nông nghiệp và Phát triển nông thôn hướng dẫn người chăn nuôi gia cố chuồng trại, che chắn kín gió, dự trữ thức ăn thô xanh; không thả rông gia súc trên núi cao khi nhiệt độ xuống dưới 12 độ C.',
            'UBND các huyện, thị xã, thành phố chỉ đạo các xã rà soát tổng đàn trâu, bò, lập danh sách hộ nghèo, hộ có nguy cơ thiếu thức ăn cho gia súc để có phương án hỗ trợ kịp thời.',
        ]
    pars = [
        f'{tp(d)}, Chủ tịch UBND tỉnh Sơn Hà ký ban hành {ct} về {topic}.',
        'Chỉ thị nêu rõ, thời gian qua các cấp, các ngành đã quan tâm triển khai nhiều giải pháp; tuy nhiên ở một số địa phương việc thực hiện còn chưa quyết liệt, một bộ phận người dân còn chủ quan. Để khắc phục tình trạng trên, Chủ tịch UBND tỉnh yêu cầu:',
    ] + [f'{i}. {t}' for i, t in enumerate(demands, 1)] + [
        'Chỉ thị có hiệu lực kể từ ngày ký. Giao Văn phòng UBND tỉnh theo dõi, đôn đốc việc thực hiện, định kỳ báo cáo Chủ tịch UBND tỉnh./.',
    ]
    return title, pars, ['directive']


def w_kehoach(d, docs):
    n = rng.randint(100, 450)
    kh = docs.ref('Kế hoạch', f'{n}/KH-UBND', 'UBND', d)
    qd = docs.ref('Quyết định', f'{rng.randint(1000, 4000)}/QĐ-BYT', 'BYT', before(d, 5, 30))
    age = rng.choice(['trẻ em từ 5 đến dưới 12 tuổi', 'người từ 50 tuổi trở lên và người có bệnh nền'])
    title = f'Triển khai tiêm vắc xin phòng COVID-19 cho {age}'
    target = rng.randint(20000, 90000)
    pars = [
        f'{tp(d)}, UBND tỉnh Sơn Hà ban hành {kh} về triển khai tiêm vắc xin phòng COVID-19 cho {age} trên địa bàn tỉnh.',
        f'Kế hoạch được xây dựng trên cơ sở {qd} của Bộ Y tế về việc phân bổ vắc xin phòng COVID-19. Mục tiêu đến hết tháng {(d.month % 12) + 1} có trên 95% đối tượng trong diện được tiêm đủ liều cơ bản, với khoảng {num(target)} người.',
        'UBND tỉnh giao Sở Y tế chủ trì tổ chức tiếp nhận, bảo quản, phân phối vắc xin; hướng dẫn các cơ sở tiêm chủng khám sàng lọc, theo dõi sau tiêm và xử trí phản ứng sau tiêm bảo đảm an toàn.',
        'UBND các huyện, thị xã, thành phố chịu trách nhiệm lập danh sách đối tượng, bố trí điểm tiêm, huy động lực lượng hỗ trợ; Sở Giáo dục và Đào tạo phối hợp tổ chức tiêm tại trường học. Các đơn vị báo cáo kết quả hằng ngày về Sở Y tế trước 16 giờ để tổng hợp./.',
    ]
    return title, pars, ['directive']


def w_meeting_bcd(d, docs):
    key = rng.choice(['covid', 'dengue', 'asf'])
    disease = DIRECTIVE_TOPICS[key][0]
    x, y = rng.sample(DISTRICTS, 2)
    if key == 'asf':
        report = f'Theo báo cáo của Sở Nông nghiệp và Phát triển nông thôn, từ đầu năm đến nay bệnh dịch tả lợn châu Phi đã xảy ra tại {rng.randint(20, 90)} xã, phường thuộc {rng.randint(4, 6)} huyện, thị xã; tổng số lợn mắc bệnh, chết và tiêu hủy là {num(rng.randint(900, 6000))} con. Hiện còn {rng.randint(3, 15)} xã có dịch chưa qua 21 ngày, tập trung tại huyện {x} và huyện {y}.'
    elif key == 'dengue':
        report = f'Theo báo cáo của Sở Y tế, từ đầu mùa dịch đến nay toàn tỉnh ghi nhận {num(rng.randint(500, 2000))} ca mắc sốt xuất huyết, {rng.randint(10, 40)} ổ dịch; riêng tuần qua có {rng.randint(40, 150)} ca mắc mới. Số ca mắc tập trung tại huyện {x} và huyện {y}.'
    else:
        report = f'Theo báo cáo của Sở Y tế, trong tuần qua toàn tỉnh ghi nhận {num(rng.randint(300, 2500))} ca mắc COVID-19 mới, {rng.randint(0, 6)} trường hợp tử vong; lũy tích từ đầu dịch đến nay có {num(rng.randint(20000, 60000))} ca mắc. Toàn tỉnh hiện có {rng.randint(2, 12)} xã ở cấp độ 3, tập trung tại huyện {x} và huyện {y}.'
    title = f'Ban Chỉ đạo phòng, chống dịch bệnh tỉnh họp đánh giá tình hình {disease} tháng {d.month}/{d.year}'
    pars = [
        f'{tp(d)}, đồng chí {VPCT}, Phó Chủ tịch UBND tỉnh, Trưởng Ban Chỉ đạo phòng, chống dịch bệnh tỉnh chủ trì cuộc họp đánh giá tình hình, kết quả công tác phòng, chống {disease} trên địa bàn tỉnh. Tham dự có lãnh đạo các sở, ban, ngành là thành viên Ban Chỉ đạo; cuộc họp được kết nối trực tuyến đến điểm cầu các huyện, thị xã, thành phố.',
        report,
        ('img', f'IMG_{rng.randint(1000, 9999)}.jpeg', 'Toàn cảnh cuộc họp tại điểm cầu UBND tỉnh.'),
        'Tại cuộc họp, các thành viên Ban Chỉ đạo và đại diện các địa phương đã thảo luận, làm rõ nguyên nhân, những khó khăn trong công tác giám sát, xử lý ổ dịch và đề xuất các giải pháp trong thời gian tới.',
        f'Kết luận cuộc họp, đồng chí {VPCT} ghi nhận sự vào cuộc tích cực của các ngành, các địa phương; đồng thời đề nghị các thành viên Ban Chỉ đạo tiếp tục bám sát địa bàn được phân công, kịp thời báo cáo những vấn đề phát sinh.',
    ]
    return title, pars, ['meeting', 'case_report']


def w_meeting_directive(d, docs):
    x = rng.choice(DISTRICTS)
    key = rng.choice(['covid', 'asf', 'dengue'])
    disease = DIRECTIVE_TOPICS[key][0]
    tb = docs.ref('Thông báo', f'{rng.randint(100, 900)}/TB-UBND', 'UBND', before(d, 5, 20))
    leader, role = [(VPCT, 'Phó Chủ tịch UBND tỉnh'), (CT, 'Chủ tịch UBND tỉnh'),
                    (BT, 'Bí thư Tỉnh ủy')][w_meeting_directive.i % 3]
    w_meeting_directive.i += 1
    cite = ''
    if role == 'Bí thư Tỉnh ủy':
        cite = f', {docs.ref("Kết luận", f"{rng.randint(200, 700)}-KL/TU", "TU", before(d, 3, 12), style="", comma=True)} của Ban Thường vụ Tỉnh ủy'
    title = f'{role} làm việc với huyện {x} về công tác phòng, chống {disease}'
    pars = [
        f'{tp(d)}, đồng chí {leader}, {role} có buổi làm việc với Ban Thường vụ Huyện ủy, UBND huyện {x} về công tác phòng, chống {disease}. Cùng dự có lãnh đạo Sở Y tế, Sở Nông nghiệp và Phát triển nông thôn, Văn phòng UBND tỉnh.',
        f'Báo cáo tại buổi làm việc, lãnh đạo huyện {x} cho biết, thực hiện {tb} của UBND tỉnh{cite}, huyện đã kiện toàn Ban Chỉ đạo, phân công cán bộ phụ trách từng xã, tổ chức tuyên truyền sâu rộng đến từng thôn, bản.',
        ('img', f'lamviec-{slugify(x)}-{d:%m%d}.jpg', f'Đồng chí {leader}, {role} phát biểu chỉ đạo tại buổi làm việc.'),
        f'Phát biểu chỉ đạo, đồng chí {leader} yêu cầu huyện {x} tuyệt đối không được chủ quan, lơ là; tập trung rà soát, khắc phục ngay những hạn chế đã chỉ ra; chỉ đạo chính quyền cơ sở kiểm tra, giám sát chặt chẽ tại từng hộ gia đình, xử lý nghiêm các trường hợp vi phạm.',
        f'Đồng chí giao Sở Y tế, Sở Nông nghiệp và Phát triển nông thôn cử cán bộ chuyên môn hỗ trợ huyện {x}; yêu cầu UBND huyện báo cáo kết quả thực hiện về UBND tỉnh trước ngày {vn_date(d + dt.timedelta(days=rng.randint(7, 20)))}.',
    ]
    return title, pars, ['meeting', 'directive']


w_meeting_directive.i = 0


MEETINGS = [
    ('Hội nghị sơ kết công tác cải cách hành chính năm {y}', 'cải cách hành chính'),
    ('Hội nghị tập huấn nghiệp vụ thông tin cơ sở năm {y}', 'thông tin cơ sở'),
    ('Hội nghị giao ban công tác báo chí định kỳ', 'báo chí'),
    ('Hội nghị tổng kết Chương trình mục tiêu quốc gia xây dựng nông thôn mới', 'xây dựng nông thôn mới'),
    ('Hội nghị triển khai nhiệm vụ chuyển đổi số năm {y}', 'chuyển đổi số'),
]


def w_meeting(d, docs):
    idx = w_meeting.i % len(MEETINGS)
    w_meeting.i += 1
    title, field = MEETINGS[idx]
    title = title.replace('{y}', str(d.year))
    x = rng.choice(DISTRICTS)
    pars = [
        f'{tp(d)}, UBND tỉnh Sơn Hà tổ chức {title[0].lower() + title[1:]}. Đồng chí {rng.choice([VPCT, "Nguyễn Đức Thịnh"])}, Phó Chủ tịch UBND tỉnh chủ trì hội nghị. Dự hội nghị có đại diện lãnh đạo các sở, ban, ngành và UBND các huyện, thị xã, thành phố.',
        f'Theo báo cáo tại hội nghị, thời gian qua công tác {field} trên địa bàn tỉnh đạt nhiều kết quả tích cực: {rng.randint(70, 98)}% nhiệm vụ đề ra đã hoàn thành đúng tiến độ; nhiều mô hình mới được triển khai hiệu quả, tiêu biểu là huyện {x}.',
        ('img', f'hoinghi-{d:%Y%m%d}.jpg', 'Quang cảnh hội nghị.'),
        f'Tại hội nghị, các đại biểu đã trao đổi, chia sẻ kinh nghiệm triển khai công tác {field} ở địa phương, đồng thời nêu một số khó khăn về nguồn nhân lực, kinh phí và cơ sở vật chất.',
        'Hội nghị đã thống nhất đánh giá kết quả đạt được, những tồn tại, hạn chế và phương hướng nhiệm vụ trong thời gian tới.',
    ]
    return title, pars, ['meeting']


w_meeting.i = 0

NEUTRAL = [
    ('culture', 'Khai mạc Tuần Văn hóa - Du lịch tỉnh Sơn Hà năm {y}',
     ['{tp}, tại Quảng trường trung tâm thành phố Sơn Hà, UBND tỉnh long trọng khai mạc Tuần Văn hóa - Du lịch tỉnh Sơn Hà năm {y} với chủ đề "Sắc màu vùng cao". Chương trình diễn ra trong 3 ngày với nhiều hoạt động văn hóa, thể thao, du lịch đặc sắc.',
      'Chương trình nghệ thuật khai mạc tái hiện vẻ đẹp của núi rừng Tây Bắc, giới thiệu những nét văn hóa truyền thống của đồng bào các dân tộc Thái, Mông, Dao, Khơ Mú.',
      ('img', 'tuan-van-hoa-{y}.jpg', 'Màn múa xòe tại lễ khai mạc.'),
      'Trong khuôn khổ Tuần Văn hóa - Du lịch còn có hội chợ thương mại với hơn 120 gian hàng, giải đua thuyền truyền thống và các trò chơi dân gian thu hút đông đảo người dân và du khách tham gia.']),
    ('culture', 'Huyện {x} tổ chức Ngày hội Văn hóa các dân tộc lần thứ III',
     ['{tp}, huyện {x} tổ chức Ngày hội Văn hóa các dân tộc lần thứ III với sự tham gia của gần 500 diễn viên, vận động viên đến từ các xã, thị trấn trên địa bàn.',
      'Ngày hội gồm các phần thi trình diễn trang phục truyền thống, hát dân ca, múa dân gian, thi ẩm thực và các môn thể thao dân tộc như đẩy gậy, kéo co, ném pao, bắn nỏ.',
      'Đây là dịp để đồng bào các dân tộc giao lưu, học hỏi, góp phần bảo tồn và phát huy giá trị văn hóa truyền thống, quảng bá hình ảnh quê hương đến du khách gần xa.']),
    ('agri', 'Huyện {x}: Năng suất lúa tăng nhờ đưa giống mới vào sản xuất',
     ['{tp}, Phòng Nông nghiệp và Phát triển nông thôn huyện {x} cho biết, vụ lúa vừa qua toàn huyện gieo cấy trên 3.200 ha, năng suất bình quân đạt 56 tạ/ha, tăng 2 tạ/ha so với cùng vụ năm trước.',
      ('img', 'lua-{c}.jpg', 'Nông dân xã {c} chăm sóc lúa.'),
      'Có được kết quả trên là nhờ người dân đã mạnh dạn đưa các giống lúa chất lượng cao vào sản xuất, áp dụng đồng bộ các biện pháp kỹ thuật thâm canh và chủ động nguồn nước tưới.',
      'Trong vụ tới, huyện tiếp tục mở rộng diện tích lúa chất lượng cao, khuyến khích cơ giới hóa khâu làm đất và thu hoạch, liên kết với doanh nghiệp bao tiêu sản phẩm cho nông dân.']),
    ('agri', 'Sơn Hà có thêm 12 sản phẩm đạt chuẩn OCOP',
     ['{tp}, Hội đồng đánh giá, phân hạng sản phẩm OCOP tỉnh Sơn Hà đã công nhận thêm 12 sản phẩm đạt chuẩn OCOP 3 sao và 4 sao, nâng tổng số sản phẩm OCOP của tỉnh lên 86 sản phẩm.',
      'Các sản phẩm được công nhận đợt này gồm chè shan tuyết, mật ong bạc hà, gạo nếp tan, thịt trâu gác bếp, rượu ngô men lá và một số sản phẩm thủ công mỹ nghệ của đồng bào dân tộc thiểu số.',
      'Việc tham gia chương trình giúp các hợp tác xã nâng cao chất lượng, cải tiến mẫu mã, bao bì, mở rộng thị trường tiêu thụ, góp phần nâng cao thu nhập cho người dân.']),
    ('agri', 'Cà phê Sơn Hà được mùa, được giá',
     ['{tp}, Phòng Nông nghiệp và Phát triển nông thôn huyện {x} cho biết, niên vụ vừa qua toàn huyện có trên 2.100 ha cà phê cho thu hoạch, sản lượng đạt khoảng 4.500 tấn nhân.',
      'Giá cà phê quả tươi được thu mua từ 11.000 đến 12.500 đồng/kg, cao hơn niên vụ trước khoảng 2.000 đồng/kg, nhiều hộ gia đình có thu nhập hàng trăm triệu đồng.',
      'Huyện đang khuyến khích người dân thu hái quả chín, liên kết với doanh nghiệp chế biến sâu để nâng cao giá trị sản phẩm cà phê của địa phương.']),
    ('infra', 'Khánh thành cầu treo bản {c}, huyện {x}',
     ['{tp}, UBND huyện {x} tổ chức lễ khánh thành cầu treo bản {c}. Cầu dài 96 m, rộng 1,5 m, tổng kinh phí đầu tư trên 3 tỷ đồng từ nguồn vốn xã hội hóa.',
      ('img', 'cautreo.jpg', 'Người dân đi qua cây cầu mới khánh thành.'),
      'Công trình hoàn thành giúp hơn 120 hộ dân và học sinh trong bản đi lại thuận tiện, an toàn, nhất là trong mùa mưa lũ; tạo điều kiện giao thương, phát triển kinh tế địa phương.']),
    ('infra', 'Thông xe tuyến đường nối trung tâm huyện {x} với các xã vùng cao',
     ['{tp}, tuyến đường nối trung tâm huyện {x} với các xã vùng cao chính thức được thông xe sau gần 2 năm thi công. Tuyến đường dài 18,6 km, đạt tiêu chuẩn đường cấp V miền núi.',
      'Công trình rút ngắn thời gian đi lại từ trung tâm huyện đến các xã từ 3 giờ xuống còn khoảng 40 phút, mở ra cơ hội phát triển du lịch cộng đồng và tiêu thụ nông sản cho người dân.']),
    ('sport', 'Bế mạc Giải bóng chuyền hơi các dân tộc huyện {x} năm {y}',
     ['{tp}, Trung tâm Văn hóa - Thể thao huyện {x} tổ chức bế mạc Giải bóng chuyền hơi các dân tộc năm {y}. Giải thu hút 24 đội với gần 300 vận động viên đến từ các xã, thị trấn và cơ quan, đơn vị trên địa bàn.',
      'Sau 4 ngày tranh tài sôi nổi, đội xã {c} giành giải nhất nội dung nam, đội thị trấn giành giải nhất nội dung nữ. Ban tổ chức đã trao các giải nhất, nhì, ba và giải phong cách cho các đội.']),
    ('sport', 'Hội khỏe Phù Đổng tỉnh Sơn Hà lần thứ X thành công tốt đẹp',
     ['{tp}, Sở Giáo dục và Đào tạo tỉnh Sơn Hà tổ chức bế mạc Hội khỏe Phù Đổng lần thứ X. Hội khỏe có gần 1.200 vận động viên là học sinh phổ thông tham gia tranh tài ở 9 môn thi đấu.',
      ('img', 'hkpd.jpg', 'Các vận động viên tranh tài ở môn điền kinh.'),
      'Kết quả, đoàn thành phố Sơn Hà xếp thứ nhất toàn đoàn, đoàn huyện Tùng Lâm xếp thứ nhì, đoàn huyện Nậm Khê xếp thứ ba. Ban tổ chức đã chọn được nhiều vận động viên có thành tích tốt để tham gia Hội khỏe Phù Đổng toàn quốc.']),
]


def w_neutral(d, docs):
    _, title, pars = NEUTRAL[w_neutral.i]
    w_neutral.i += 1
    x = rng.choice(DISTRICTS)
    c = rng.choice(COMMUNES)

    def fill(s):
        return s.replace('{tp}', tp(d)).replace('{x}', x).replace('{c}', c).replace('{y}', str(d.year))

    out = [(p[0], fill(p[1]), fill(p[2])) if isinstance(p, tuple) else fill(p) for p in pars]
    return fill(title), out, []


w_neutral.i = 0

# (writer, category, how many)
PLAN = [
    (w_covid_cases, 'phong-chong-dich', 4), (w_dengue, 'phong-chong-dich', 3),
    (w_asf, 'phong-chong-dich', 3), (w_hfmd, 'phong-chong-dich', 2),
    (w_meeting_bcd, 'phong-chong-dich', 4),
    (w_congvan, 'chi-dao-dieu-hanh', 5), (w_chithi, 'chi-dao-dieu-hanh', 3),
    (w_kehoach, 'chi-dao-dieu-hanh', 2),
    (w_meeting_directive, 'hoat-dong', 5), (w_meeting, 'hoat-dong', 5),
    (w_neutral, 'kinh-te-xa-hoi', len(NEUTRAL)),
]


# --------------------------------------------------------------------------- page chrome

NAV = [('/', 'Trang chủ'), ('/gioi-thieu.html', 'Giới thiệu')] + \
      [(f'/tin-tuc/{c}/', n) for c, n in CATS] + \
      [('/lich-cong-tac?date=2023-01-16', 'Lịch công tác')]

FOOTER_LINES = [
    'Cơ quan chủ quản: Ủy ban nhân dân tỉnh Sơn Hà',
    'Địa chỉ: Số 1, đường Trần Hưng Đạo, phường Tô Hiệu, thành phố Sơn Hà, tỉnh Sơn Hà',
    'Điện thoại: 0212.3852.114 - Email: banbientap@sonha.gov.vn',
    'Trang mẫu ngoại tuyến phục vụ kiểm thử vnnews; tỉnh Sơn Hà và nội dung tin bài là hư cấu.',
]
EXTERNAL = [('https://chinhphu.vn/', 'Cổng TTĐT Chính phủ'),
            ('https://dichvucong.gov.vn/', 'Cổng Dịch vụ công quốc gia')]


def nav_ul(cls='menu', active=None):
    act = ' class="active"'
    items = ''.join(f'<li{act if h == active else ""}><a href="{h}">{esc(n)}</a></li>' for h, n in NAV)
    return f'<ul class="{cls}">{items}</ul>'


def footer_ps(tag='p'):
    return '\n'.join(f'  <{tag}>{esc(x)}</{tag}>' for x in FOOTER_LINES)


def search_form():
    return ('<form class="search" action="/tim-kiem" method="get">'
            '<input type="text" name="q" placeholder="Tìm kiếm..." /><button type="submit">Tìm</button></form>')


def first_sentence(par):
    m = re.search(r'[.!?…]+\s+(?=[A-ZÀÁẢÃẠĂẮẰẲẴẶÂẤẦẨẪẬĐÈÉẺẼẸÊẾỀỂỄỆÌÍỈĨỊÒÓỎÕỌÔỐỒỔỖỘƠỚỜỞỠỢÙÚỦŨỤƯỨỪỬỮỰỲÝỶỸỴ0-9])', par)
    return par[:m.start() + len(m.group(0).rstrip())] if m else par


def twelve(t, am='AM', pm='PM', pad=True):
    h = t.hour % 12 or 12
    hh = f'{h:02d}' if pad else str(h)
    return f'{hh}:{t.minute:02d}:{t.second:02d} {am if t.hour < 12 else pm}'


def e_stamp(t):
    return f'{vn_date(t)} {twelve(t, "SA", "CH", pad=False)}'


def text_pars(a):
    return [p for p in a['pars'] if isinstance(p, str)]


# --------------------------------------------------------------------------- article shapes
# A: DNN list layout (seed 000)   B: Liferay asset publisher (seed 001)
# C: TV news site, date before h1 (seed 002)   D: ASP.NET tables, no date line (seed 003)
# E: SharePoint (seed 004)

def head(a, extra=''):
    cs = a['charset']
    meta = (f'<meta http-equiv="Content-Type" content="text/html; charset={cs}" />'
            if a['shape'] in 'ADE' else f'<meta charset="{cs}">')
    return f'''<!DOCTYPE html>
<html lang="vi">
<head>
{meta}
<meta name="viewport" content="width=device-width, initial-scale=1" />
<title>{esc(a['title'])} - {SITE}</title>
<link rel="alternate" type="application/rss+xml" title="{SITE}" href="/rss.xml" />
<link rel="stylesheet" href="/static/site.css" />
{extra}</head>
'''


def body_A(a):
    out = []
    for p in a['pars']:
        if isinstance(p, tuple):
            _, f, cap = p
            out.append(f'<p style="text-align: center;"><a href="/uploads/{f}" target="_blank">{esc(f)}</a></p>')
            out.append(f'<p style="text-align: center;"><img src="/uploads/{f}" alt="{esc(f)}" width="640" /></p>')
            out.append(f'<p style="text-align: center;"><em>{esc(cap)}</em></p>')
        else:
            out.append(f'<p style="text-align: justify;">{esc(p)}</p>')
    return '\n'.join(out)


def page_A(a):
    t = a['pub']
    others = '\n'.join(f'<li><a href="{r["path"]}">{esc(r["title"])}</a></li>' for r in a['related'])
    total = 3693 - a['id']
    lo = rng.randint(150, 300) * 10 + 1
    pager = f'<span class="pager-info">{lo}-{lo + 9} of {total}</span><a href="{a["catpath"]}">&lt;</a>&nbsp;&nbsp;...&nbsp;&nbsp;' + \
        ''.join(f'<a href="{a["catpath"]}page-{min(k, a["catpages"])}.html">{k}</a>&nbsp;&nbsp;' for k in range(lo // 10, lo // 10 + 5)) + \
        f'...&nbsp;&nbsp;<a href="{a["catpath"]}page-{a["catpages"]}.html">&gt;</a>'
    return head(a) + f'''<body id="Body">
<form method="post" action="{a['path']}" id="Form">
<input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="/wEPDwUKMTY5NDU3OTU1MWRk{a['id']}" />
<div id="wrapper">
  <div class="top-bar"><a href="/dang-nhap.html?returnurl=%2f" class="login">Đăng nhập</a> | <a href="/so-do-cong.html">Sơ đồ cổng</a></div>
  <div id="header"><a href="/"><img src="/static/banner.png" alt="{SITE}" /></a></div>
  <div id="mainmenu">{nav_ul('menu', a['catpath'])}</div>
  <div class="breadcrumb"><a href="/">Trang chủ</a> » <a href="{a['catpath']}">{esc(CAT_NAME[a['cat']])}</a></div>
  <div class="col-left">
    <div class="tin-chi-tiet">
      <ul class="chitiet">
        <li class="tieude"><h2 class="title-news">{esc(a['title'])}</h2></li>
        <li class="ngaydang">Thời gian đăng: {vn_date(t)} {twelve(t)}</li>
        <li class="noidung"><div class="news-body">
{body_A(a)}
        </div></li>
        <li class="tacgia" style="text-align: right;"><strong>{esc(a['author'])}</strong></li>
        <li class="share"><a href="https://www.facebook.com/sharer/sharer.php?u=sonha.gov.vn{a['path']}">Chia sẻ</a> <a href="javascript:window.print()">In bài viết</a></li>
        <li class="tinkhac"><h3>Các tin khác:</h3>
          <ul class="other-news">
{others}
          </ul>
          <div class="pager">{pager}</div>
        </li>
      </ul>
    </div>
  </div>
  <div class="col-right">
    <ul class="sidebar-links">
      <li><a href="/lich-cong-tac?date={t.date().isoformat()}">Lịch công tác</a></li>
      <li><a href="{EXTERNAL[1][0]}">Tiến độ giải quyết DVC trực tuyến</a></li>
      <li><a href="/so-do-cong.html">Sơ đồ cổng</a></li>
      <li class="counter"><div class="box-title">Thống kê truy cập</div><div>Tổng truy cập: {num(2418096 + a['id'] * 37)}</div></li>
      <li><div class="box-title">Liên kết Website</div><a href="{EXTERNAL[0][0]}">{EXTERNAL[0][1]}</a></li>
    </ul>
  </div>
  <div id="footer">
{footer_ps()}
  </div>
</div>
</form>
</body>
</html>
'''


def body_B(a):
    out = []
    for p in a['pars']:
        if isinstance(p, tuple):
            _, f, cap = p
            out.append(f'''<table align="center" border="0" cellpadding="1" cellspacing="1" class="image-center">
<tbody><tr><td><img alt="" src="/documents/10181/{a['id']}/{f}" /></td></tr>
<tr><td style="text-align: center;"><em>{esc(cap)}</em></td></tr></tbody>
</table>''')
        else:
            out.append(f'<p style="text-align: justify;">{esc(p)}</p>')
    out.append(f'<p style="text-align: right;"><strong>{esc(a["author"])}</strong></p>')
    return '\n'.join(out)


def page_B(a):
    t = a['pub']
    rel = '\n'.join(f'<li><a href="{r["path"]}">{esc(r["title"])} ({vn_date(r["pub"])})</a></li>' for r in a['related'])
    return head(a, f'<meta property="og:title" content="{esc(a["title"])}" />\n<meta property="og:type" content="article" />\n') + f'''<body class="guest-site signed-out public-page">
<a href="#main-content" id="skip-to-content">Bỏ qua để đến Nội dung</a>
<header id="banner">
  <div class="top-header"><span class="today">{WEEKDAYS[t.weekday()]}, {vn_date(t)}</span> <a href="/dang-nhap.html?p_p_id=com_liferay_login_web_portlet_LoginPortlet&amp;p_p_lifecycle=0&amp;p_p_state=maximized" rel="nofollow">Đăng nhập</a></div>
  <nav id="navigation">{nav_ul('nav', a['catpath'])}</nav>
</header>
<section id="content">
<div class="quick-link"><a href="/tin-tuc/hoat-dong/">Kết quả tiếp công dân hàng tháng</a></div>
<div class="portlet-asset-publisher">
<div class="asset-full-content">
  <h3 class="header-title"><span>{esc(a['title'])}</span></h3>
  <div class="asset-metadata"><span class="metadata-publish-date">Ngày đăng {vn_date(t)} | {t:%H:%M} </span>&nbsp;|&nbsp;<span class="metadata-view-count">View count: {rng.randint(300, 20000)}</span></div>
  <div class="journal-content-article">
{body_B(a)}
  </div>
  <div class="taglib-social-bookmarks"><a href="https://www.facebook.com/sharer.php?u=sonha.gov.vn{a['path']}">Facebook</a> <a href="https://sp.zalo.me/share_inline?d=sonha.gov.vn{a['path']}">Zalo</a></div>
</div>
<div class="asset-links"><h4>Tin cùng chuyên mục</h4><ul>
{rel}
</ul></div>
</div>
<div class="portlet-counter"><div class="portlet-title">Thống kê truy cập</div><p>Đang truy cập: {rng.randint(20, 300)}</p><p>Tổng lượt truy cập: {num(15034118 + a['id'] * 91)}</p></div>
</section>
<footer id="footer">
{footer_ps()}
</footer>
</body>
</html>
'''


def page_C(a):
    t = a['pub']
    body = []
    for p in a['pars']:
        if isinstance(p, tuple):
            _, f, cap = p
            body.append(f'<figure class="image"><img src="/dataimages/{t:%Y%m}/{f}" alt="{esc(cap)}"><figcaption>{esc(cap)}</figcaption></figure>')
        else:
            body.append(f'<p>{esc(p)}</p>')
    rel = '\n'.join(f'<li><a href="{r["path"]}">{esc(r["title"])}</a> <span>({vn_date(r["pub"])})</span></li>' for r in a['related'])
    return head(a, f'<meta property="og:title" content="{esc(a["title"])}">\n<style>.detail-head{{display:flex;flex-direction:column-reverse}}</style>\n') + f'''<body class="page-detail">
<header class="site-header">
  <a class="logo" href="/"><img src="/static/logo-tv.png" alt="Đài Phát thanh - Truyền hình Sơn Hà"></a>
  <div class="header-live"><a href="/">Truyền hình trực tuyến</a></div>
  {search_form()}
  <nav class="main-nav">{''.join(f'<a href="{h}">{esc(n)}</a> ' for h, n in NAV)}</nav>
</header>
<main>
  <div class="breadcrumbs"><a href="/">Trang chủ</a> / <a href="{a['catpath']}">{esc(CAT_NAME[a['cat']])}</a></div>
  <article class="detail">
    <div class="detail-head">
      <span class="detail-time">{WEEKDAYS[t.weekday()]}, {vn_date(t)}, {t:%H:%M} [GMT+7]</span>
      <h1 class="detail-title">{esc(a['title'])}</h1>
    </div>
    <div class="detail-share"><a href="https://www.facebook.com/sharer/sharer.php?u=sonha.gov.vn{a['path']}">Chia sẻ</a> <a href="javascript:window.print();">In bài</a></div>
    <div class="detail-content">
{chr(10).join(body)}
<p>&nbsp;</p>
<p style="text-align:right"><strong>{esc(a['author'])}</strong></p>
<p>&nbsp;</p>
    </div>
  </article>
  <section class="related"><h3 class="box-title">Tin liên quan</h3><ul>
{rel}
  </ul></section>
  <aside class="col-side">
    <div class="box-schedule"><h3 class="box-title">Lịch phát sóng</h3>
      <ul><li><span>18:00</span> Thời sự Sơn Hà</li><li><span>18:30</span> Tiếng dân tộc Thái</li></ul>
      <a href="/lich-cong-tac?date={t.date().isoformat()}" class="more">Xem lịch phát sóng</a></div>
    <div class="box-counter"><h3 class="box-title">Thống kê truy cập</h3><p>Đang online: {rng.randint(5, 400)}</p><p>Lượt truy cập: {num(8123456 + a['id'] * 53)}</p></div>
  </aside>
</main>
<footer class="site-footer">
{footer_ps()}
  <p class="dot">.</p>
</footer>
</body>
</html>
'''


def page_D(a):
    body = []
    for i, p in enumerate(a['pars']):
        if isinstance(p, tuple):
            _, f, cap = p
            body.append(f'<p style="text-align: center;"><img src="/Upload/Images/{f}" width="500" border="0" /></p>\n<p style="text-align: center;"><i>{esc(cap)}</i></p>')
        else:
            indent = '&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp; ' if i % 3 == 2 else ''
            body.append(f'<p style="text-align: justify;"><span style="font-size:14px;">{indent}{esc(p)}</span></p>')
    others = '\n'.join(f'<li><a href="{r["path"]}">{esc(r["title"])}</a></li>' for r in a['related'])
    menu = '\n'.join(f'<tr><td class="mucmenu"><a href="{h}">{esc(n)}</a></td></tr>' for h, n in NAV)
    return head(a) + f'''<body>
<form name="aspnetForm" method="post" action="{a['path']}" id="aspnetForm">
<table width="1000" border="0" align="center" cellpadding="0" cellspacing="0" class="main">
  <tr><td colspan="3" class="banner"><img src="/static/banner.jpg" width="1000" height="160" alt="{SITE}" /></td></tr>
  <tr>
    <td width="200" valign="top" class="cotrai"><table width="100%"><tr><td class="tieudekhoi">DANH MỤC</td></tr>
{menu}
    </table></td>
    <td width="600" valign="top" class="cotgiua">
      <table width="100%" border="0" cellspacing="0" cellpadding="4">
        <tr><td class="tieudetin"><span id="ctl00_ContentPlaceHolder1_lblTieuDe" class="TieuDe">{esc(a['title'])}</span></td></tr>
        <tr><td class="noidung"><div id="ctl00_ContentPlaceHolder1_pnNoiDung">
{chr(10).join(body)}
<p style="text-align: justify;">{'&nbsp; ' * 30}<br />
<strong>{esc(a['author'])}</strong></p>
        </div></td></tr>
        <tr><td class="chucnang"><a href="javascript:window.print()">[In trang]</a> <a href="javascript:history.back()">[Quay lại]</a></td></tr>
        <tr><td class="tinkhac"><b>Các tin đã đưa</b><ul>
{others}
        </ul></td></tr>
      </table>
    </td>
    <td width="200" valign="top" class="cotphai"><table width="100%">
      <tr><td class="tieudekhoi">Thống kê truy cập</td></tr>
      <tr><td><ul class="thongke"><li>Đang truy cập: 1</li><li>Hôm nay: 1</li><li>Trong tuần: 1</li><li>Tháng hiện tại: 1</li><li>Tổng lượt truy cập: 1</li></ul></td></tr>
      <tr><td class="dangnhap"><a href="/dang-nhap.html">Đăng nhập</a></td></tr>
      <tr><td><img src="/static/ipv6-ready.png" alt="ipv6 ready" /> <img src="/static/tinnhiemmang.png" alt="Chung nhan Tin Nhiem Mang" /></td></tr>
    </table></td>
  </tr>
  <tr><td colspan="3" class="footer">
{'<br />'.join(esc(x) for x in FOOTER_LINES)}
  </td></tr>
</table>
</form>
</body>
</html>
'''


def page_E(a):
    t = a['pub']
    body = []
    for p in a['pars']:
        if isinstance(p, tuple):
            _, f, cap = p
            body.append(f'<div class="news-avatar" style="text-align: center;"><img src="/PublishingImages/{f}" alt="" /><p class="caption"><em>{esc(cap)}</em></p></div>')
        else:
            body.append(f'<p style="text-align: justify;">{esc(p)}</p>')
    if a['author']:
        body.append(f'<p style="text-align: right;"><b>{esc(a["author"])}</b></p>')
    rel = '\n'.join(f'<li><a href="{r["path"]}">{esc(r["title"])}</a><span class="date">({e_stamp(r["pub"])})</span></li>' for r in a['related'])
    return head(a, '<meta name="GENERATOR" content="Microsoft SharePoint" />\n') + f'''<body>
<div id="s4-workspace">
<div class="header">
  <div class="header-top"><a href="/dang-nhap.html?Source=%2F" class="login">Đăng nhập</a> | {search_form()}</div>
  {nav_ul('topmenu', a['catpath'])}
</div>
<div class="main-content">
  <div class="breadcrumb"><a href="/">Trang chủ</a> <a href="{a['catpath']}">Chuyên mục tin tức</a></div>
  <div class="news-detail">
    <h1 class="news-title">{esc(a['title'])}</h1>
    <div class="news-date">(Ngày đăng :{e_stamp(t)})</div>
    <div class="news-content ms-rtestate-field">
{chr(10).join(body)}
    </div>
    <div class="news-tools"><a href="javascript:window.print()">In trang</a> | <a href="mailto:?subject=tin">Gửi email</a></div>
  </div>
  <div class="related-news"><h3>Tin liên quan</h3><ul>
{rel}
  </ul></div>
  <div class="right-col"><div class="box online"><p>{rng.randint(200, 3000)} người online</p></div></div>
</div>
<div class="footer">
  <p class="footer-title">{SITE_UP}</p>
{footer_ps()}
</div>
</div>
</body>
</html>
'''


PAGE = {'A': page_A, 'B': page_B, 'C': page_C, 'D': page_D, 'E': page_E}
BYLINES = {
    'A': ['Thu Trang - Trung tâm VH-TT-TH', 'Hoàng Yến - Trung tâm VH-TT-TH', 'Minh Đức - Trung tâm VH-TT-TH'],
    'B': ['DT', 'HN', 'QT', 'VL'],
    'C': ['BT/SONHATV.VN', 'MH/SONHATV.VN', 'TL/SONHATV.VN'],
    'D': ['MINH CHIẾN', 'THANH HẢI', 'NGỌC LAN', 'VĂN TUẤN'],
    'E': [None, None, 'Lê Hà - Văn phòng UBND tỉnh'],
}

# --------------------------------------------------------------------------- encodings

TONES = {'\u0300', '\u0301', '\u0303', '\u0309', '\u0323'}


def cp1258(text):
    """windows-1258 as Vietnamese editors wrote it: precomposed base letters (â, ơ, ư, đ …)
    where the code page has them, tone marks as separate combining characters."""
    out = bytearray()
    for ch in text:
        try:
            out += ch.encode('cp1258')
            continue
        except UnicodeEncodeError:
            pass
        d = unicodedata.normalize('NFD', ch)
        base = unicodedata.normalize('NFC', ''.join(c for c in d if c not in TONES))
        tones = ''.join(c for c in d if c in TONES)
        out += (base + tones).encode('cp1258')   # raises if the page has a character cp1258 lacks
    return bytes(out)


# --------------------------------------------------------------------------- site pages

def listing_item(a):
    return (f'<div class="news-item"><a class="thumb" href="{a["path"]}"><img src="/static/thumb.jpg" alt="" /></a>'
            f'<h3><a href="{a["path"]}">{esc(a["title"])}</a></h3>'
            f'<span class="date">{vn_date(a["pub"])}</span>'
            f'<p class="sapo">{esc(first_sentence(text_pars(a)[0]))}</p></div>')


def simple_page(title, inner, active=None):
    return f'''<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)} - {SITE}</title>
<link rel="alternate" type="application/rss+xml" title="{SITE}" href="/rss.xml">
<link rel="stylesheet" href="/static/site.css">
</head>
<body>
<header><a href="/" class="logo">{SITE}</a> {search_form()} <a href="/dang-nhap.html">Đăng nhập</a></header>
<nav>{nav_ul('menu', active)}</nav>
<main>
{inner}
</main>
<aside><h3>Thống kê truy cập</h3><p>Đang truy cập: 42</p><p>Tổng lượt truy cập: 3.120.455</p>
<ul>{''.join(f'<li><a href="{h}">{esc(n)}</a></li>' for h, n in EXTERNAL)}</ul></aside>
<footer>
{footer_ps()}
</footer>
</body>
</html>
'''


def pager(catpath, page, pages):
    parts = ['Trang']
    if page > 1:
        prev = catpath if page == 2 else f'{catpath}page-{page - 1}.html'
        parts.append(f'<a href="{prev}" class="prev">&lt;</a>')
    for k in range(1, pages + 1):
        href = catpath if k == 1 else f'{catpath}page-{k}.html'
        parts.append(f'<span class="current">{k}</span>' if k == page else f'<a href="{href}">{k}</a>')
    if page < pages:
        parts.append(f'<a href="{catpath}page-{page + 1}.html" class="next">&gt;</a>')
    return '<div class="pager">' + ' '.join(parts) + '</div>'


CALENDAR = '''<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<title>Lịch công tác {WEEKDAY}, {DATE_VN} - ''' + SITE + '''</title>
</head>
<body>
<nav>''' + nav_ul() + '''</nav>
<h1>Lịch công tác của Lãnh đạo UBND tỉnh</h1>
<div class="calendar-nav"><a href="/lich-cong-tac?date={PREV}">&laquo; Ngày trước</a> | <strong>{WEEKDAY}, {DATE_VN}</strong> | <a href="/lich-cong-tac?date={NEXT}">Ngày sau &raquo;</a></div>
<table class="lich">
<tr><th>Thời gian</th><th>Nội dung</th><th>Chủ trì</th><th>Địa điểm</th></tr>
<tr><td>08h00</td><td>Giao ban lãnh đạo UBND tỉnh</td><td>Chủ tịch UBND tỉnh</td><td>Phòng họp số 1</td></tr>
<tr><td>14h00</td><td>Làm việc với các sở, ngành</td><td>Phó Chủ tịch UBND tỉnh</td><td>Phòng họp số 2</td></tr>
</table>
<p><a href="/">Trang chủ</a></p>
</body>
</html>
'''

ROBOTS = '''User-agent: *
Disallow: /tim-kiem
Crawl-delay: 1

Sitemap: {BASE}/sitemap.xml
'''


def rfc822(t):
    return f'{["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][t.weekday()]}, {t.day:02d} ' \
           f'{["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][t.month - 1]} ' \
           f'{t:%Y %H:%M:%S} +0700'


def published_iso(a):
    t = a['pub']
    if a['shape'] == 'D':
        return f'{t:%Y-%m-%d}T00:00:00+07:00'
    if a['shape'] in 'BC':
        return f'{t:%Y-%m-%dT%H:%M}:00+07:00'
    return f'{t:%Y-%m-%dT%H:%M:%S}+07:00'


def build():
    jobs = [(w, cat) for w, cat, n in PLAN for _ in range(n)]
    rng.shuffle(jobs)
    start = dt.datetime(2021, 6, 1)
    span = (dt.datetime(2023, 1, 15) - start).days
    days = sorted(rng.sample(range(span), len(jobs)))
    arts, titles = [], set()
    for i, ((writer, cat), day) in enumerate(zip(jobs, days)):
        pub = start + dt.timedelta(days=day, hours=rng.randint(7, 21), minutes=rng.randint(0, 59),
                                   seconds=rng.randint(0, 59))
        shape = 'ABCDE'[i % 5]
        lead = pub.date() if shape == 'D' else pub.date() - dt.timedelta(days=rng.choice([0, 0, 1]))
        while True:
            docs = Docs()
            title, pars, labels = writer(lead, docs)
            if title not in titles:
                break
        titles.add(title)
        aid = 1000 + i * 3 + rng.randint(0, 2)
        a = {'id': aid, 'cat': cat, 'title': title, 'pars': pars, 'labels': labels, 'pub': pub,
             'shape': shape, 'author': rng.choice(BYLINES[shape]), 'charset': 'utf-8',
             'path': f'/tin-tuc/{cat}/{slugify(title)}-{aid}.html', 'catpath': f'/tin-tuc/{cat}/'}
        a['documents'] = docs.ordered('\n'.join(text_pars(a)))
        arts.append(a)
    # two old pages in windows-1258
    for shape in 'CD':   # one declares it with <meta charset>, one with http-equiv
        next(a for a in arts[10:] if a['shape'] == shape)['charset'] = 'windows-1258'
    return arts


def main():
    outdir = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    arts = build()
    bycat = {c: sorted([a for a in arts if a['cat'] == c], key=lambda a: a['pub'], reverse=True) for c, _ in CATS}
    for c, lst in bycat.items():
        pages = (len(lst) + PER_PAGE - 1) // PER_PAGE
        for a in lst:
            a['catpages'] = pages
            older = [r for r in lst if r['pub'] < a['pub']]
            a['related'] = (older + [r for r in lst if r is not a])[:5]
    files = {}
    for a in arts:
        page = PAGE[a['shape']](a)
        data = cp1258(page) if a['charset'] == 'windows-1258' else page.encode('utf-8')
        files[a['path'].lstrip('/')] = data
    for c, name in CATS:
        lst = bycat[c]
        pages = (len(lst) + PER_PAGE - 1) // PER_PAGE
        for k in range(1, pages + 1):
            chunk = lst[(k - 1) * PER_PAGE:k * PER_PAGE]
            inner = (f'<div class="breadcrumb"><a href="/">Trang chủ</a> » {esc(name)}</div>\n<h1 class="cat-title">{esc(name)}</h1>\n'
                     + '\n'.join(listing_item(a) for a in chunk) + '\n' + pager(f'/tin-tuc/{c}/', k, pages))
            fn = f'tin-tuc/{c}/index.html' if k == 1 else f'tin-tuc/{c}/page-{k}.html'
            title = name if k == 1 else f'{name} - Trang {k}'
            files[fn] = simple_page(title, inner, f'/tin-tuc/{c}/').encode('utf-8')
    newest = sorted(arts, key=lambda a: a['pub'], reverse=True)
    home = ['<section class="hot"><h2>Tin mới</h2>'] + [listing_item(a) for a in newest[:8]] + ['</section>']
    for c, name in CATS:
        home.append(f'<section class="cat"><h2><a href="/tin-tuc/{c}/">{esc(name)}</a></h2><ul>'
                    + ''.join(f'<li><a href="{a["path"]}">{esc(a["title"])}</a></li>' for a in bycat[c][:3])
                    + '</ul></section>')
    home.append(f'<section class="tools"><a href="/lich-cong-tac?date={newest[0]["pub"]:%Y-%m-%d}">Lịch công tác</a> | '
                '<a href="/tim-kiem?q=covid-19">Tìm kiếm nâng cao</a> | <a href="/rss.xml">RSS</a></section>')
    files['index.html'] = simple_page('Trang chủ', '\n'.join(home), '/').encode('utf-8')
    files['tin-tuc/index.html'] = simple_page('Tin tức', '<h1>Tin tức</h1><ul>' + ''.join(
        f'<li><a href="/tin-tuc/{c}/">{esc(n)}</a></li>' for c, n in CATS) + '</ul>').encode('utf-8')
    files['gioi-thieu.html'] = simple_page('Giới thiệu', '<h1>Giới thiệu</h1><p>Tỉnh Sơn Hà là tỉnh miền núi hư cấu gồm thành phố Sơn Hà và các huyện '
                                           + ', '.join(DISTRICTS) + '; trang này chỉ dùng để kiểm thử.</p>').encode('utf-8')
    files['tim-kiem.html'] = simple_page('Tìm kiếm', '<h1>Tìm kiếm</h1>' + search_form() + '<p>Không tìm thấy kết quả phù hợp.</p>').encode('utf-8')
    files['dang-nhap.html'] = simple_page('Đăng nhập', '<h1>Đăng nhập</h1><form action="/dang-nhap.html" method="post">'
                                          '<input name="user" /><input name="pass" type="password" /><button>Đăng nhập</button></form>').encode('utf-8')
    files['so-do-cong.html'] = simple_page('Sơ đồ cổng', '<h1>Sơ đồ cổng</h1><ul>' + ''.join(
        f'<li><a href="{h}">{esc(n)}</a></li>' for h, n in NAV) + '<li><a href="/rss.xml">RSS</a></li></ul>').encode('utf-8')
    files['static/site.css'] = b'body{font-family:Arial,sans-serif;font-size:14px}\n.pager a,.pager span{margin:0 3px}\n'
    files['404.html'] = simple_page('Không tìm thấy trang', '<h1>404 - Không tìm thấy trang</h1><p><a href="/">Về trang chủ</a></p>').encode('utf-8')
    files['lich-cong-tac.tmpl'] = CALENDAR.encode('utf-8')
    files['robots.txt'] = ROBOTS.encode('utf-8')
    rss = ['<?xml version="1.0" encoding="UTF-8"?>', '<rss version="2.0">', '<channel>',
           f'<title>{esc(SITE)}</title>', '<link>{BASE}/</link>',
           '<description>Tin tức mới nhất</description>', '<language>vi</language>']
    for a in newest[:20]:
        rss += ['<item>', f'<title>{esc(a["title"])}</title>', f'<link>{{BASE}}{a["path"]}</link>',
                f'<guid isPermaLink="true">{{BASE}}{a["path"]}</guid>', f'<pubDate>{rfc822(a["pub"])}</pubDate>',
                f'<description>{esc(first_sentence(text_pars(a)[0]))}</description>', '</item>']
    rss += ['</channel>', '</rss>', '']
    files['rss.xml'] = '\n'.join(rss).encode('utf-8')
    sm = ['<?xml version="1.0" encoding="UTF-8"?>', '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
          f'<url><loc>{{BASE}}/</loc><lastmod>{newest[0]["pub"]:%Y-%m-%d}</lastmod></url>']
    for c, _ in CATS:
        sm.append(f'<url><loc>{{BASE}}/tin-tuc/{c}/</loc><lastmod>{bycat[c][0]["pub"]:%Y-%m-%d}</lastmod></url>')
    for a in sorted(arts, key=lambda a: a['id']):
        sm.append(f'<url><loc>{{BASE}}{a["path"]}</loc><lastmod>{a["pub"]:%Y-%m-%d}</lastmod></url>')
    sm += ['</urlset>', '']
    files['sitemap.xml'] = '\n'.join(sm).encode('utf-8')
    truth = []
    for a in sorted(arts, key=lambda a: a['id']):
        truth.append(json.dumps({
            'path': a['path'], 'title': a['title'], 'published': published_iso(a),
            'published_inferred': a['shape'] == 'D', 'author': a['author'], 'labels': a['labels'],
            'documents': a['documents'], 'body_first': first_sentence(text_pars(a)[0]),
            'charset': a['charset'], 'shape': a['shape']}, ensure_ascii=False))
    files['truth.jsonl'] = ('\n'.join(truth) + '\n').encode('utf-8')
    shutil.rmtree(os.path.join(outdir, 'tin-tuc'), ignore_errors=True)   # all generated: no stale pages
    for fn, data in sorted(files.items()):
        path = os.path.join(outdir, fn)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, 'wb') as f:
            f.write(data)
    print(f'{len(arts)} articles, {len(files)} files written to {outdir}')


if __name__ == '__main__':
    main()
