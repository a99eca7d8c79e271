"""The word lists a new paper starts with (editable under Cài đặt → Bình luận).

Matched as whole syllables (``comments.text.find_words``): an entry typed with marks also
matches the same letters typed without marks (for banned words only in a line typed
without any marks), so single syllables whose unmarked form is an everyday word ("lon",
"du", "ngu") would catch "lon bia", "du lịch", "ngu" in a comment typed without marks.
Hence: **banned** (the comment is refused at once) holds only forms with no innocent
reading, marked or not (obscene phrases and their common abbreviations); **suspect** (the
comment is flagged for the moderator, never refused) holds insults, single obscene
syllables and abusive political labels, which a person must judge.
"""

BANNED = """\
địt mẹ
địt mẹ mày
đụ mẹ
đụ má
đéo mẹ
con mẹ mày
đồ chó đẻ
đm
đmm
đcm
đkm
dcm
dmm
vcl
vkl
clgt
cmnr
"""

SUSPECT = """\
đồ chó
lũ chó
thằng chó
óc chó
đồ ngu
lũ ngu
bọn ngu
thằng ngu
con ngu
ngu như bò
ngu như lợn
ngu như chó
đồ điên
thằng điên
mất dạy
vô học
súc vật
đồ khốn
khốn nạn
thằng khốn
bố láo
láo toét
câm mồm
im mồm
cút đi
đồ rác rưởi
con đĩ
đồ đĩ
cái lồn
lồn mẹ
cặc
buồi
đéo
địt
phản động
bọn phản động
ba que
bò đỏ
dư luận viên
"""
