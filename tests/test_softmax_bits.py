"""float32 softmax / log_softmax bit for bit as torch's CPU kernels (AVX2): ``_softmax_cpu``.

torch 2.13 rounds a last-dim softmax as ``exp(x - max) * (1 / sum)`` with SLEEF's ``expf_u10``
and an 8-lane sum (``vec::reduce_all``), log_softmax as ``(x - max) - logf_u10(sum)``; other dims
sum each column down the dim, SLEEF's exp in vector lanes and glibc's in scalar ones (softmax:
which lanes depends on the thread count). See ``numtorch/ops/_softmax_cpu.py``.

Literal tables recorded from torch 2.13 (CPU, AVX2, one thread) run without torch; where torch is
installed, rows of 1..40, 784, 1000 and 4097 floats, other dims at 1..3 threads, special values,
cross_entropy and the gradients are compared with it.
"""

from __future__ import annotations

import numpy as np
import pytest

import numtorch
import numtorch.nn.functional as F
from numtorch.ops import _softmax_cpu

# Recorded from torch 2.13 (CPU, AVX2, 1 thread): float32 bit patterns. _ROWS_X holds one row of
# each length in _ROW_LENGTHS, end to end; _LOG_N_BITS is 0 - log_softmax(zeros(n))[0] = SLEEF's
# logf_u10(n) (torch.log itself goes through MKL, not SLEEF); _DIM1_* is a (2, 5, 11) input
# reduced over dim 1 (8 vector columns and 3 scalar ones per row).
_ROW_LENGTHS = [1, 2, 5, 8, 9, 13, 16, 21, 33]
_ROWS_X = [
    0xC07DCC98, 0x3F99F733, 0xC117B4C3, 0x40DF52CF, 0x404C411B, 0xBFBAE90F, 0xBFC7A5C7, 0x3FC27463,
    0xBFAB4D77, 0xBF9094E8, 0x40666BF5, 0x4024B4A7, 0xBEA42AE2, 0xBEDAD1EC, 0x3F4DF910, 0xC0447C63,
    0xC0013339, 0x402F7179, 0xBF27049A, 0xC0DBE87F, 0xC018BAAC, 0x40521E71, 0xBF94A936, 0xBF3E60C4,
    0x404D6342, 0x4111F805, 0xC064386A, 0x40D7B68D, 0xC0C4CD53, 0x3F5FF8AB, 0xC0BB1FEE, 0x40D83BBA,
    0x40856D7C, 0x40B608E1, 0xC08DAF70, 0x405B0EBF, 0xC0261592, 0xC0125D01, 0x40221784, 0x408C4660,
    0x3F82D435, 0xC048F4B4, 0xC0842172, 0x40E7173A, 0x403E100D, 0x4066501D, 0x412EADD6, 0xC08289BF,
    0x414CC1B2, 0x417C1299, 0x4101791A, 0x40845649, 0xC0546C4B, 0x409F1E22, 0xC00DA957, 0xBDDDB43F,
    0xBFB9E092, 0x3FB5A6B3, 0x40CE17AA, 0xC031C972, 0xC09DAA24, 0xC0A0791A, 0xC09AECA4, 0xC0E4F9FA,
    0xC09211C8, 0x40CEEC29, 0xC03DDC1E, 0x3FA48C85, 0xC0C2B3FA, 0x3F59271A, 0xC10B4334, 0xC05F9A15,
    0x41345CF5, 0xC03A8CE1, 0x40B3323C, 0x40119E09, 0xBF43D261, 0xC050AC97, 0x40CDE7CF, 0xBF630D03,
    0x40F4634E, 0xC0661AF4, 0x3E92C9AE, 0x4014F5B0, 0x3FEED290, 0xC0C56883, 0xC0548005, 0xBF7ADACC,
    0xC0889786, 0x4058BE79, 0x403C2A88, 0xC11C9117, 0xC1106B9A, 0xC0CD0CD5, 0x3F16179A, 0x4122A760,
    0xBFF4B548, 0x3FA06A96, 0xC0AA190E, 0xC0A77E69, 0xC11C9407, 0xBE111F5F, 0x40978DFF, 0xBFE44C13,
    0x40DF6EB8, 0x3F7D4114, 0xBE3A6E93, 0x40258570,
]  # fmt: skip
_ROWS_SOFTMAX = [
    0x3F800000, 0x3F7FFE80, 0x37C012A9, 0x3F793111, 0x3CB4A6F5, 0x395CB836, 0x3947D038, 0x3B87B787,
    0x3B9F417D, 0x3BC439F7, 0x3F2DA9F9, 0x3E78C9E1, 0x3C5C4ED8, 0x3C4600D3, 0x3D29AFC6, 0x3A6176EB,
    0x3AFE4C61, 0x3E67F3B1, 0x3BF9460A, 0x377DF496, 0x3AB01139, 0x3EC76022, 0x3B95D665, 0x3BE388CB,
    0x3EB92B18, 0x3F504514, 0x36286CB5, 0x3D99E4A5, 0x344B5B18, 0x395F484D, 0x34899534, 0x3D9C6A58,
    0x3BBC2F7A, 0x3CD6E28B, 0x358E4BEE, 0x3B32590A, 0x36DE579F, 0x37174ABE, 0x35E52064, 0x373650BE,
    0x34CA58DF, 0x31C9B5C2, 0x31160784, 0x3942A375, 0x36315BB1, 0x36A652CC, 0x3BF50053, 0x311DAF5D,
    0x3D48ABF5, 0x3F715ED9, 0x39E86770, 0x370E4374, 0x31A89F1B, 0x37A441A3, 0x35B6F654, 0x373BBCD7,
    0x3643DD8D, 0x38583071, 0x3C000615, 0x355016D8, 0x33C21669, 0x33B1C7AA, 0x33D370A8, 0x32273600,
    0x340B6C41, 0x3C036359, 0x352C50D3, 0x383D268B, 0x32F3FF1A, 0x37F44D4F, 0x310E3075, 0x34CB6AA2,
    0x3F7B0BF1, 0x353575F5, 0x3B5CF702, 0x39AA1D3B, 0x37822C1F, 0x35ABB753, 0x3CAA2E5E, 0x37667246,
    0x3D8D9E9A, 0x3575B451, 0x383A4BB7, 0x39B33C09, 0x3961E996, 0x3395E5FA, 0x35A1C07A, 0x3751FC0D,
    0x34FAADED, 0x3A8138C9, 0x3A255D25, 0x3100EE5E, 0x3189BA80, 0x336C1C1A, 0x387B5F90, 0x3F5DF2B6,
    0x36A56396, 0x38F4DFEF, 0x342FF5E9, 0x343EE0F0, 0x3100D6B4, 0x37F2C232, 0x3B7918C6, 0x36BC0356,
    0x3D1325BB, 0x38BC0FB0, 0x37E92907, 0x39E82B76,
]  # fmt: skip
_ROWS_LOG_SOFTMAX = [
    0x00000000, 0xB7BFFF70, 0xC12AF3C1, 0xBCDCD0FC, 0xC0741E25, 0xC10774F1, 0xC1090C88, 0xC0AF9287,
    0xC0AA744B, 0xC0A3C627, 0xBEC6AF30, 0xBFB51A68, 0xC089E39C, 0xC08D4E0C, 0xC04BC397, 0xC0E1DF1F,
    0xC0C7D6FE, 0xBFBE1292, 0xC09C1DF4, 0xC13192F0, 0xC0D39AB6, 0xBF717144, 0xC0AC67AE, 0xC09F097A,
    0xBF822F00, 0xBE534B8E, 0xC14E534E, 0xC025A7B3, 0xC177ABDC, 0xC10745A8, 0xC172D52A, 0xC0249D59,
    0xC0A51CEA, 0xC069030B, 0xC15C1CEB, 0xC0BD0306, 0xC13ECA98, 0xC139DC73, 0xC1547DBF, 0xC136E070,
    0xC16CA919, 0xC197A066, 0xC19F8A2C, 0xC1097803, 0xC14D7F9D, 0xC1436F99, 0xC09CAB94, 0xC19F243F,
    0xC04107B7, 0xBD7106CE, 0xC0F7150C, 0xC13AD87B, 0xC1990F59, 0xC12D748F, 0xC1581753, 0xC1366865,
    0xC14BE90F, 0xC11DF827, 0xC09B4250, 0xC1611F5A, 0xC181C108, 0xC18274C5, 0xC18111A8, 0xC19394FD,
    0xC17DB5E1, 0xC09A6DD1, 0xC1642404, 0xC1201B6C, 0xC18B037D, 0xC1271A8B, 0xC19FF818, 0xC16C9382,
    0xBCA00F93, 0xC1635035, 0xC0B627BE, 0xC1008881, 0xC1312D29, 0xC1591B29, 0xC077F06F, 0xC13320D3,
    0xC02AF971, 0xC15E76C0, 0xC12059B6, 0xC0FF652F, 0xC10715B1, 0xC183D223, 0xC15A1004, 0xC1349DB0,
    0xC1693BC6, 0xC0DD80CB, 0xC0EBCAC3, 0xC1A0C08E, 0xC19AADCF, 0xC185BB37, 0xC11B8E89, 0xBE1228D6,
    0xC14386AC, 0xC110E2B0, 0xC179FC8A, 0xC178AF37, 0xC1A0C206, 0xC1273480, 0xC0B25208, 0xC1417985,
    0xC054E29D, 0xC1151BF2, 0xC127D9BD, 0xC0F71D4F,
]  # fmt: skip
_LOG_N = [
    1,
    2,
    3,
    4,
    5,
    6,
    7,
    8,
    9,
    10,
    11,
    12,
    13,
    14,
    15,
    16,
    17,
    18,
    19,
    20,
    21,
    22,
    23,
    24,
    25,
    26,
    27,
    28,
    29,
    30,
    31,
    32,
    33,
    34,
    35,
    36,
    37,
    38,
    39,
    40,
    100,
    784,
    1000,
    4097,
]
_LOG_N_BITS = [
    0x00000000, 0x3F317218, 0x3F8C9F54, 0x3FB17218, 0x3FCE0210, 0x3FE55860, 0x3FF91395, 0x40051592,
    0x400C9F54, 0x40135D8E, 0x4019771E, 0x401F08B6, 0x40242821, 0x4028E651, 0x402D50B2, 0x40317218,
    0x4035535E, 0x4038FBDA, 0x403C71B0, 0x403FBA14, 0x4042D975, 0x4045D3A4, 0x4048ABF0, 0x404B653C,
    0x404E0210, 0x405084A7, 0x4052EEFE, 0x405542D7, 0x405781C6, 0x4059AD38, 0x405BC672, 0x405DCE9E,
    0x405FC6C8, 0x4061AFE4, 0x40638AD3, 0x40655860, 0x40671947, 0x4068CE36, 0x406A77CB, 0x406C169A,
    0x40935D8E, 0x40D542D7, 0x40DD0C55, 0x41051692,
]  # fmt: skip
_DIM1_X = [
    0x3FF9898E, 0x4092EB52, 0xC04D4CE0, 0xC1126F66, 0x3EEB0051, 0xC01C96BE, 0xBDDEA2BC, 0x40D507C8,
    0xC08D29EC, 0x4043C9C2, 0x40722460, 0x3FEBE59F, 0x408F2B46, 0xBFEAAE76, 0xC02E776C, 0x4084FD63,
    0x40386595, 0x40B1F7E9, 0x3F596270, 0x40CFD0EB, 0xBF906CD3, 0xC087B8DE, 0xC1025FAB, 0xC08CFAB8,
    0x40518972, 0xC0BB82C9, 0xBFE79C4A, 0x4106D246, 0x4058C79E, 0x40E53EFB, 0xC07DD705, 0xC11D703B,
    0x40C218C5, 0xC0B55E60, 0x3EBA361F, 0x3F5E4DB0, 0xC072EAE0, 0x40C6BCAE, 0x40C650B1, 0x400D2B72,
    0xBDF19665, 0x3F440804, 0xC08C46B7, 0xBF74CD21, 0xBED6E731, 0xC05A2BEF, 0x40596625, 0xC0B696F1,
    0xBFE82688, 0xC1102F26, 0x3FFE5EFF, 0x403E1B64, 0x401F0D04, 0x413AC1EE, 0x40709626, 0xC071264D,
    0x412A7771, 0xC06B99F5, 0x4049EAC5, 0x403E3D9D, 0xC0613587, 0x40B29AC9, 0x3FB58D4F, 0x40122A14,
    0xC02CFCD6, 0x40A6BCB1, 0xC05C666E, 0xC0E3BB7E, 0x40B66A90, 0xBFDA7C32, 0x3E31A4D5, 0x40F61CE6,
    0x4091788C, 0x4021F93A, 0x4088F2F0, 0xC03A3E02, 0x4040CA6A, 0x408E126B, 0x4041635A, 0xBF5108AB,
    0xC16FD5A1, 0x400EAB61, 0x3EEB4457, 0xBFBD3622, 0x40473179, 0x3F880A39, 0x3F50D9C6, 0xC0BDE64F,
    0xC0BACB15, 0x3FBDB6E6, 0x3E9BC3D5, 0x3F0E1218, 0x3F2A40D4, 0x3FD2AA6A, 0x3E13B997, 0x3F218EAF,
    0x3F83216C, 0x406DEDC9, 0xC003C2A5, 0x40495143, 0x4022EA05, 0x3ED7DD02, 0xBFF341DA, 0x3FBCFFE9,
    0x405D2D56, 0xC08998DD, 0x3E7E8C6B, 0x3E84988D, 0xC0294483, 0xC01E89A6,
]  # fmt: skip
_DIM1_SOFTMAX = [
    0x3F007314, 0x3F066BD6, 0x3A341891, 0x3A936C09, 0x3B37FB9F, 0x378F1AF6, 0x3B3F70AB, 0x3EBE6694,
    0x3796BCE7, 0x393E7D8B, 0x3DADD3B2, 0x3EE6EE45, 0x3EEF1CB0, 0x3B31F5F5, 0x3F31E25A, 0x3DE7D742,
    0x3B6650D9, 0x3F58F089, 0x3A92638E, 0x3F7A9FD8, 0x36391D59, 0x37E90008, 0x37AD4642, 0x388853DE,
    0x3EE5C040, 0x3CF7F101, 0x39984C5A, 0x3F664E6E, 0x3DC54D1D, 0x3F1E0521, 0x37EB40C3, 0x2FF9B668,
    0x3F54DE34, 0x39816543, 0x3BFB0190, 0x3D25CD68, 0x3E742C7F, 0x3F62271C, 0x3DC6511A, 0x3CF22A38,
    0x39DE9D37, 0x3B50A4C6, 0x33E477FE, 0x3A427CAD, 0x3D404433, 0x3938AC4F, 0x3F01E40D, 0x3D10948C,
    0x3997A834, 0x32CE7CF4, 0x3CC2A216, 0x3C18A417, 0x3C919017, 0x3F7FF3E9, 0x3DA9A722, 0x39602D3B,
    0x3F7FC5C5, 0x38AEB817, 0x3F6B35FB, 0x3F09A32A, 0x375F39A8, 0x3F3C3054, 0x3DC7D4C5, 0x3DE1D217,
    0x3AC95963, 0x3F662DFF, 0x399B02E8, 0x32A460D7, 0x3F7D2A87, 0x3BE8E870, 0x3D060BB3, 0x3F7B9388,
    0x3E85A44F, 0x3E97F6A4, 0x3F4FB570, 0x3AA3AF1B, 0x3DCC68B0, 0x3F48D067, 0x39FDC59E, 0x3ABF9564,
    0x3250089B, 0x3E82E796, 0x3A3A5CE9, 0x3A258E45, 0x3F07EAFA, 0x3D05343A, 0x3D545005, 0x3759F619,
    0x37E2749E, 0x38D9B6FA, 0x3B92E810, 0x3D8BC2CC, 0x3D5B262A, 0x3B1895C0, 0x3B51A92D, 0x3D35E06A,
    0x3D00311A, 0x3F7199C7, 0x3A24316D, 0x3E5C31BF, 0x399DA27B, 0x3BA53402, 0x3BBFED21, 0x3DF6AF6A,
    0x3C691B2B, 0x381D9F4C, 0x3CF822AD, 0x3C6E7E43, 0x3AD56646, 0x39D81C87,
]  # fmt: skip
_DIM1_LOG_SOFTMAX = [
    0xBF308C57, 0xBF24EA3A, 0xC0E90FA4, 0xC0D94957, 0xC0BC0432, 0xC12FA92F, 0xC0BABEB5, 0xBF7D3BCF,
    0xC12ED459, 0xC109D03F, 0xC01DDC19, 0xBF4BD435, 0xBF42EA9A, 0xC0BD14D2, 0xBEBA6414, 0xC00B6DA8,
    0xC0B4D433, 0xBE29882E, 0xC0D982F4, 0xBCADD9E3, 0xC14CD049, 0xC127DC8E, 0xC12C99A2, 0xC11A41A9,
    0xBF4D23DF, 0xC05FDAA8, 0xC1024DA4, 0xBDD89C5E, 0xC015C0B7, 0xBEF7046E, 0xC127B524, 0xC1AC1975,
    0xBE3CEEF6, 0xC104E927, 0xC09BE537, 0xC04D3EFE, 0xBFB77FED, 0xBDFDE23E, 0xC0156C99, 0xC0615CE3,
    0xC0F8759C, 0xC0B7FDC4, 0xC1807306, 0xC0E699E1, 0xC043C4C3, 0xC10A4F49, 0xBF2DB113, 0xC05602F8,
    0xC1025EEC, 0xC18C5952, 0xC06F58D5, 0xC095A190, 0xC080F843, 0xB9417B6E, 0xC01F6A53, 0xC1073549,
    0xBA69057B, 0xC116495D, 0xBDAD7498, 0xBF1EDCB3, 0xC133A33B, 0xBE9D8F08, 0xC014EFF7, 0xC00D1CB8,
    0xC0CF4F8F, 0xBDD9BCD8, 0xC1020551, 0xC18E2C6A, 0xBC36612C, 0xC09E4A41, 0xC05ADA7D, 0xBC8ECBC9,
    0xBFABECB6, 0xBF9B7AC9, 0xBE560EBF, 0xC0D5F025, 0xC0137CDF, 0xBE78A007, 0xC0F4447D, 0xC0D0E6D6,
    0xC191D59E, 0xBFAE92D2, 0xC0E7F76D, 0xC0EBC142, 0xBF221496, 0xC05B41B0, 0xC03D6BD5, 0xC13404FA,
    0xC1285140, 0xC112C438, 0xC0AD0984, 0xC02BD1E4, 0xC03B6495, 0xC0C20118, 0xC0B7D5EC, 0xC04752F2,
    0xC05DB616, 0xBD6D1F42, 0xC0EC04F7, 0xBFC4BB27, 0xC101C094, 0xC0A947F1, 0xC0A47BAB, 0xC00774D5,
    0xC0881507, 0xC123064B, 0xC05FCDD8, 0xC08759DD, 0xC0CD7365, 0xC0F96877,
]  # fmt: skip

# log_softmax of 12 float16 (bfloat16) values, recorded from torch 2.13: its kernel keeps the
# row's log-sum in the input dtype (bit patterns as uint16).
_HALF_X = [
    0x3D22,
    0xBEDA,
    0x47F7,
    0xC4D3,
    0x3FF1,
    0xB6E2,
    0xBC41,
    0x4266,
    0xC574,
    0xC1E8,
    0xB57B,
    0x4539,
]
_HALF_LOG_SOFTMAX = [
    0xC6C2,
    0xC8E0,
    0xACC2,
    0xCA6F,
    0xC60E,
    0xC83C,
    0xC88D,
    0xC4D7,
    0xCABF,
    0xC97F,
    0xC831,
    0xC1A2,
]
_BF16_X = [
    0x3FA4,
    0xBFDB,
    0x40FF,
    0xC09A,
    0x3FFE,
    0xBEDC,
    0xBF88,
    0x404D,
    0xC0AE,
    0xC03D,
    0xBEAF,
    0x40A7,
]
_BF16_LOG_SOFTMAX = [
    0xC0D8,
    0xC11C,
    0xBD9A,
    0xC14E,
    0xC0C2,
    0xC108,
    0xC112,
    0xC09B,
    0xC158,
    0xC130,
    0xC106,
    0xC035,
]

_F32 = np.float32


def _f32(bits, shape=None):
    a = np.array(bits, dtype=np.uint32).view(np.float32)
    return a if shape is None else a.reshape(shape)


def _bits(a):
    return np.asarray(a, dtype=np.float32).view(np.uint32)


def _assert_bits(ours, theirs):
    """Equal bit patterns (NaNs of any payload count as equal)."""
    ours, theirs = np.asarray(ours, np.float32), np.asarray(theirs, np.float32)
    assert ours.shape == theirs.shape
    nan = np.isnan(ours) & np.isnan(theirs)
    bad = (_bits(ours) != _bits(theirs)) & ~nan
    assert not bad.any(), (
        f"{int(bad.sum())} of {bad.size} differ, first at {np.argwhere(bad)[0].tolist()}: "
        f"{ours[bad][:4]} vs {theirs[bad][:4]}"
    )


@pytest.fixture
def exact_at_any_size(monkeypatch):
    """The public ops replay torch's kernel up to 16384 elements (beyond, NumPy's faster
    rounding); these tests check the replay itself on bigger arrays."""
    from numtorch.ops import statistics

    monkeypatch.setattr(statistics, "_SOFTMAX_EXACT_MAX_SIZE", 1 << 62)


# --- without torch: the recorded tables -----------------------------------------------------


@pytest.mark.parametrize("fn", ["softmax", "log_softmax"])
def test_rows_golden(fn):
    x = _f32(_ROWS_X)
    want = _f32(_ROWS_SOFTMAX if fn == "softmax" else _ROWS_LOG_SOFTMAX)
    start = 0
    for n in _ROW_LENGTHS:
        row = numtorch.from_numpy(x[start : start + n].copy())
        _assert_bits(getattr(numtorch, fn)(row, -1).numpy(), want[start : start + n])
        # the same row in a batch, and as a (1, n) matrix: rows are independent
        batch = numtorch.stack([row, row.flip(0)])
        _assert_bits(getattr(numtorch, fn)(batch, 1)[0].numpy(), want[start : start + n])
        start += n
    assert start == len(_ROWS_X)


def test_logf_u10_golden():
    ours = _softmax_cpu.logf_u10(np.array(_LOG_N, dtype=np.float32))
    _assert_bits(ours, _f32(_LOG_N_BITS))


@pytest.mark.parametrize("fn", ["softmax", "log_softmax"])
def test_dim1_golden(fn, one_thread):
    x = numtorch.from_numpy(_f32(_DIM1_X, (2, 5, 11)))
    want = _f32(_DIM1_SOFTMAX if fn == "softmax" else _DIM1_LOG_SOFTMAX, (2, 5, 11))
    _assert_bits(getattr(numtorch, fn)(x, 1).numpy(), want)
    # a non-contiguous view of the same values: torch makes it contiguous first
    xt = numtorch.from_numpy(np.ascontiguousarray(_f32(_DIM1_X, (2, 5, 11)).transpose(0, 2, 1)))
    _assert_bits(getattr(numtorch, fn)(xt.transpose(1, 2), 1).numpy(), want)


def _half_row(bits, dtype):
    """A float16 / bfloat16 numtorch row from uint16 bit patterns."""
    b = np.array(bits, dtype=np.uint32)
    if dtype is numtorch.float16:
        return numtorch.from_numpy(b.astype(np.uint16).view(np.float16).copy())
    return numtorch.from_numpy((b << 16).view(np.float32)).to(numtorch.bfloat16)


def _half_bits(t):
    a = t.float().numpy()
    if t.dtype is numtorch.float16:
        return a.astype(np.float16).view(np.uint16).tolist()
    return (a.view(np.uint32) >> 16).tolist()


@pytest.mark.parametrize("name", ["float16", "bfloat16"])
def test_half_log_softmax_golden(name):
    dtype = getattr(numtorch, name)
    x, want = (_HALF_X, _HALF_LOG_SOFTMAX) if name == "float16" else (_BF16_X, _BF16_LOG_SOFTMAX)
    out = numtorch.log_softmax(_half_row(x, dtype), 0)
    assert out.dtype is dtype
    assert _half_bits(out) == want


def test_lane_sum_order():
    """``_reduce_sum_rows`` is vec::reduce_all: 8 running lane sums, the tail added to the first
    lanes, then ((a0+a4)+(a2+a6)) + ((a1+a5)+(a3+a7)); short rows left to right."""
    rng = np.random.default_rng(0)
    for n in [1, 2, 7, 8, 9, 15, 16, 17, 100, 801]:
        e = (rng.standard_normal((5, n)) * np.exp(rng.uniform(-12, 12, (5, n)))).astype(_F32)
        if n < 8:
            want = e[:, 0].copy()
            for i in range(1, n):
                want += e[:, i]
        else:
            acc = e[:, :8].copy()
            full = n // 8
            for k in range(1, full):
                acc += e[:, 8 * k : 8 * k + 8]
            acc[:, : n - 8 * full] += e[:, 8 * full :]
            want = ((acc[:, 0] + acc[:, 4]) + (acc[:, 2] + acc[:, 6])) + (
                (acc[:, 1] + acc[:, 5]) + (acc[:, 3] + acc[:, 7])
            )
        _assert_bits(_softmax_cpu._reduce_sum_rows(e), want)


def test_logf_u10_fast_fma_agrees_with_exact():
    """The log's cheap fused multiply-add (float64, checked for ties) gives the same bits as
    ``floatmath.fma32`` on sums softmax produces and on random floats."""
    rng = np.random.default_rng(1)
    d = np.concatenate(
        [
            rng.uniform(1, 5000, 20000).astype(_F32),
            rng.integers(1, 1 << 20, 5000).astype(_F32),
            np.exp(rng.uniform(-80, 80, 20000)).astype(_F32),
        ]
    )
    with np.errstate(all="ignore"):
        exact = _softmax_cpu._logf_u10(d, d, None, _softmax_cpu._fma32_exact)
    _assert_bits(_softmax_cpu.logf_u10(d), exact)


def test_logf_u10_specials():
    d = np.array([0.0, -0.0, -1.0, np.inf, -np.inf, np.nan, 1.0, 1e-45, 1e-40], dtype=_F32)
    r = _softmax_cpu.logf_u10(d)
    assert r[0] == -np.inf and r[1] == -np.inf and r[3] == np.inf and r[6] == 0
    assert np.isnan(r[2]) and np.isnan(r[4]) and np.isnan(r[5])
    # subnormals: scaled by 2**64 first, then within an ulp of the true log
    np.testing.assert_allclose(r[7:], np.log(d[7:].astype(np.float64)), rtol=2e-7)


def test_float64_and_half_keep_their_path():
    """Only float32 takes the kernel replay; other dtypes still give the usual results."""
    x = numtorch.tensor([[1.0, 2.0, 3.0], [0.5, -1.0, 4.0]], dtype=numtorch.float64)
    np.testing.assert_allclose(x.softmax(1).sum(1).numpy(), [1.0, 1.0], rtol=1e-15)
    h = x.to(numtorch.float16).log_softmax(1)
    assert h.dtype is numtorch.float16
    np.testing.assert_allclose(
        h.float().numpy(), x.log_softmax(1).float().numpy(), rtol=2e-3, atol=2e-3
    )


# --- with torch --------------------------------------------------------------------------------

_FNS = ["softmax", "log_softmax"]


def _compare(torch, fn, x, dim):
    ours = getattr(numtorch, fn)(numtorch.from_numpy(x.copy()), dim).numpy()
    theirs = getattr(torch, fn)(torch.from_numpy(x.copy()), dim).numpy()
    _assert_bits(ours, theirs)


@pytest.mark.parametrize("fn", _FNS)
def test_lastdim_rows_1_to_40(torch_ref, fn):
    rng = np.random.default_rng(10)
    for n in range(1, 41):
        for scale in (1.0, 6.0, 40.0):
            _compare(torch_ref, fn, (rng.standard_normal((9, n)) * scale).astype(_F32), -1)


@pytest.mark.parametrize("fn", _FNS)
@pytest.mark.parametrize("shape", [(64, 784), (3, 1000), (2, 4097), (2, 3, 4, 20), (50, 10)])
def test_lastdim_large(torch_ref, fn, shape, exact_at_any_size):
    rng = np.random.default_rng(sum(shape))
    _compare(torch_ref, fn, (rng.standard_normal(shape) * 3).astype(_F32), -1)
    _compare(torch_ref, fn, (rng.standard_normal(shape) * 60).astype(_F32), -1)  # subnormals


@pytest.mark.parametrize("fn", _FNS)
def test_logf_u10_via_zero_rows(torch_ref, fn):
    """0 - log_softmax(zeros(n))[0] is SLEEF's logf_u10(n): every n up to 3000."""
    ns = np.arange(1, 3001)
    theirs = np.array(
        [0.0 - torch_ref.log_softmax(torch_ref.zeros(int(n)), 0)[0].item() for n in ns]
    )
    _assert_bits(_softmax_cpu.logf_u10(ns.astype(_F32)), theirs.astype(_F32))
    _compare(torch_ref, fn, np.zeros((3, 777), _F32), 1)


def test_logf_u10_via_pairs(torch_ref, exact_at_any_size):
    """log_softmax([0, x])[0] = 0 - logf_u10(1 + exp(x)): SLEEF's log on ~20000 sums in (1, 2]."""
    x = np.zeros((20000, 2), _F32)
    x[:, 1] = -np.random.default_rng(5).uniform(0, 17, 20000)
    theirs = torch_ref.log_softmax(torch_ref.from_numpy(x), 1).numpy()[:, 0]
    s = _F32(1) + _softmax_cpu.expf_u10(x[:, 1])
    _assert_bits(_F32(0) - _softmax_cpu.logf_u10(s), theirs)
    _assert_bits(numtorch.log_softmax(numtorch.from_numpy(x), 1).numpy()[:, 0], theirs)


@pytest.mark.parametrize("fn", _FNS)
@pytest.mark.parametrize("threads", [1, 2, 3])
def test_other_dims_threads(torch_ref, fn, threads, exact_at_any_size):
    """Other dims: softmax's vector columns follow the thread split; log_softmax's do not."""
    old_t, old_n = torch_ref.get_num_threads(), numtorch.get_num_threads()
    torch_ref.set_num_threads(threads)
    numtorch.set_num_threads(threads)
    try:
        rng = np.random.default_rng(threads)
        cases = [((7, 30, 13), 1), ((64, 10), 0), ((3, 5000, 20), 1), ((5, 100, 9), 1),
                 ((33, 17), 0), ((2, 9, 40, 3), 2), ((4, 10, 12, 12), 1), ((6, 1), 0),
                 ((5, 7, 1), 1), ((3, 40, 1, 1), 1)]  # fmt: skip
        for shape, dim in cases:
            x = (rng.standard_normal(shape) * 5).astype(_F32)
            _compare(torch_ref, fn, x, dim)
            for half in ("float16", "bfloat16"):  # 16 columns to a vector
                ours = getattr(numtorch, fn)(
                    numtorch.from_numpy(x).to(getattr(numtorch, half)), dim
                )
                theirs = getattr(torch_ref, fn)(
                    torch_ref.from_numpy(x).to(getattr(torch_ref, half)), dim
                )
                _assert_bits(ours.float().numpy(), theirs.float().numpy())
    finally:
        torch_ref.set_num_threads(old_t)
        numtorch.set_num_threads(old_n)


@pytest.mark.parametrize("name", ["float16", "bfloat16"])
def test_half_dtypes(torch_ref, name):
    """float16 / bfloat16: torch's float32 kernels (last dim: SLEEF's exp on whole vectors,
    glibc's on the tail, log_softmax's log-sum rounded to the dtype; other dims: softmax's
    scalar columns round their exps to the dtype first). log_softmax over other dims keeps
    NumPy's float32 path, equal once rounded."""
    rng = np.random.default_rng(6)
    shapes = [(64, 784), (300, 37), (500, 5), (64, 10), (40, 17), (7, 1), (), (4, 30, 33)]
    for shape in shapes:
        x = np.asarray(rng.standard_normal(shape) * 4, dtype=_F32)
        ours = numtorch.from_numpy(x).to(getattr(numtorch, name))
        theirs = torch_ref.from_numpy(x).to(getattr(torch_ref, name))
        dim = max(len(shape) - 1, 0)
        _assert_bits(
            numtorch.log_softmax(ours, dim).float().numpy(),
            torch_ref.log_softmax(theirs, dim).float().numpy(),
        )
        _assert_bits(
            numtorch.softmax(ours, dim).float().numpy(),
            torch_ref.softmax(theirs, dim).float().numpy(),
        )
        if len(shape) >= 2:  # other dims
            for fn in _FNS:
                _assert_bits(
                    getattr(numtorch, fn)(ours, 0).float().numpy(),
                    getattr(torch_ref, fn)(theirs, 0).float().numpy(),
                )


@pytest.mark.parametrize("fn", _FNS)
@pytest.mark.parametrize("dim", [0, 1])
def test_special_values(torch_ref, fn, dim):
    inf, nan = np.inf, np.nan
    x = np.array(
        [[0, 1, inf, 2, 0, 0, 0, 0, 1], [nan, 1, 2, 3, 4, 5, 6, 7, 8], [-inf] * 9,
         [-200, 0, -90, -100, -87, -103, -104, -105, -50], [1e30, -1e30, 3e38, 0, 1, 2, 3, 4, 5],
         [-inf, 0, 1, 2, 3, 4, 5, 6, 7], [-0.0, 0.0, -0.0, 0.0, 1e-45, -1e-45, 0, 0, 0]],
        dtype=_F32,
    )  # fmt: skip
    _compare(torch_ref, fn, x, dim)
    _compare(torch_ref, fn, np.ascontiguousarray(x[:, :5]), dim)  # rows shorter than 8


@pytest.mark.parametrize("fn", _FNS)
def test_scalar_and_empty(torch_ref, fn):
    for v in (0.0, 3.5, np.inf, np.nan):
        _compare(torch_ref, fn, np.array(v, _F32), 0)
    _compare(torch_ref, fn, np.zeros((0, 5), _F32), 1)
    _compare(torch_ref, fn, np.zeros((3, 0), _F32), 0)


@pytest.mark.parametrize("shape,dim", [((64, 10), 1), ((4, 10, 5, 5), 1)])
def test_cross_entropy_bits(torch_ref, shape, dim):
    rng = np.random.default_rng(3)
    x = (rng.standard_normal(shape) * 4).astype(_F32)
    target_shape = shape[:1] + shape[2:]
    t = rng.integers(0, shape[1], target_shape)
    ours = F.cross_entropy(numtorch.from_numpy(x), numtorch.from_numpy(t), reduction="none")
    theirs = torch_ref.nn.functional.cross_entropy(
        torch_ref.from_numpy(x), torch_ref.from_numpy(t), reduction="none"
    )
    _assert_bits(ours.numpy(), theirs.numpy())


@pytest.mark.parametrize("fn", _FNS)
def test_backward_lastdim_kernels(torch_ref, fn):
    """The last-dim backward kernels, replayed (``*_backward_lastdim_f32``; the Ops' backward
    still uses its Tensor formula, within an ulp or so)."""
    replay = getattr(_softmax_cpu, f"{fn}_backward_lastdim_f32")
    rng = np.random.default_rng(8)
    for shape in [(64, 10), (64, 784), (3, 4, 17)] + [(9, n) for n in range(1, 41)]:
        x = (rng.standard_normal(shape) * 3).astype(_F32)
        g = rng.standard_normal(shape).astype(_F32)
        xt = torch_ref.from_numpy(x).requires_grad_()
        y = getattr(torch_ref, fn)(xt, -1)
        y.backward(torch_ref.from_numpy(g))
        _assert_bits(replay(g, y.detach().numpy()), xt.grad.numpy())


@pytest.mark.parametrize("fn", _FNS)
@pytest.mark.parametrize("dim", [0, 1])
def test_gradients_close(torch_ref, fn, dim):
    """The backward formulas still work (not bit for bit: they are written with Tensor ops)."""
    rng = np.random.default_rng(4)
    x = (rng.standard_normal((6, 11)) * 2).astype(_F32)
    g = rng.standard_normal((6, 11)).astype(_F32)
    a = numtorch.from_numpy(x.copy()).requires_grad_()
    getattr(numtorch, fn)(a, dim).backward(numtorch.from_numpy(g.copy()))
    b = torch_ref.from_numpy(x.copy()).requires_grad_()
    getattr(torch_ref, fn)(b, dim).backward(torch_ref.from_numpy(g.copy()))
    np.testing.assert_allclose(a.grad.numpy(), b.grad.numpy(), rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("fn", _FNS)
def test_large_arrays_take_the_fast_path(torch_ref, fn):
    """Above 16384 elements NumPy rounds: within a few ulp of torch."""
    x = np.random.default_rng(9).standard_normal((64, 784)).astype(np.float32)
    ours = getattr(F, fn)(numtorch.tensor(x), dim=1).numpy()
    theirs = getattr(torch_ref.nn.functional, fn)(torch_ref.from_numpy(x), dim=1).numpy()
    np.testing.assert_allclose(ours, theirs, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("shape", [(64, 10), (512, 10), (7, 33), (3, 4, 17), (5,)])
def test_backward_lastdim_bits(torch_ref, shape):
    """softmax/log_softmax backward over the last dim, and so cross_entropy's gradient: torch's
    kernels bit for bit when no graph of the gradient is built."""
    rng = np.random.default_rng(0)
    x = (rng.standard_normal(shape) * 3).astype(np.float32)
    g = rng.standard_normal(shape).astype(np.float32)
    target = rng.integers(0, shape[-1], shape[:1])

    def grads(L):
        out = []
        for fn in _FNS:
            t = L.tensor(x, requires_grad=True)
            getattr(t, fn)(-1).backward(L.tensor(g))
            out.append(t.grad.numpy().tobytes())
        if len(shape) == 2:
            t = L.tensor(x, requires_grad=True)
            L.nn.functional.cross_entropy(t, L.tensor(target)).backward()
            out.append(t.grad.numpy().tobytes())
        return out

    assert grads(numtorch) == grads(torch_ref)


def test_double_backward_still_differentiates():
    x = numtorch.randn(4, 6, requires_grad=True)
    (g,) = numtorch.autograd.grad(x.log_softmax(-1)[:, 0].sum(), x, create_graph=True)
    assert g.requires_grad and g.grad_fn is not None
    assert numtorch.autograd.gradcheck(
        lambda t: t.softmax(-1), numtorch.randn(3, 5, dtype=numtorch.float64, requires_grad=True)
    )
