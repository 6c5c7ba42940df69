"""float32 sigmoid bit for bit: SLEEF's ``expf_u10`` in torch's vector loop, glibc's ``expf`` in
its scalar tail, and the backward's rounding order.

torch (2.13, CPU, AVX2) computes ``torch.sigmoid`` on a float32 tensor of up to 32768 elements in
one loop over memory: ``1 / (1 + Sleef_expf8_u10(0 - x))`` 16 elements a step, then the last
``n % 16`` with ``1 / (1 + std::exp(-x))``. numtorch replays both (``numtorch.ops._sleef``) up to
16384 elements.

Exhaustive check (``NUMTORCH_EXHAUSTIVE=1``, ~15 min on 2 cores, off in the suite): every
float32 bit pattern in chunks of 2**24, ``torch.sigmoid`` on the contiguous chunk (all vector
path, one thread) against ``_sigmoid_vec``, and on a stride-2 view of it (all scalar path)
against ``_sigmoid_scalar``; ``expf_u10``'s general kernel on all 2**32 inputs and its
common-case kernel (``|x| * log2(e) <= 126``) on all 2,237,578,144 inputs it takes: no
difference in any bit, NaNs included (run 2026-11-24, torch 2.13.0+cpu, glibc 2.36).

In the suite: literal tables recorded from torch (they run without torch), and where torch is
installed sizes 1..40 and random bit patterns, layouts, float16/bfloat16 (all 65536 inputs) and
the backward.
"""

from __future__ import annotations

import os

import numpy as np
import pytest

import numtorch
from numtorch.ops import _sleef
from numtorch.ops.unary import _sigmoid_scalar, _sigmoid_vec

# Recorded from torch 2.13 (CPU, AVX2): float32 bit patterns. _FWD_X has 271 elements: the first
# 256 go through the vector path (many where SLEEF's sigmoid differs from the correctly rounded
# one), the last 15 through the scalar path (many where glibc's expf is not correctly rounded).
_FWD_X = [
    0x00000000, 0x80000000, 0x7F800000, 0xFF800000, 0x7FC00000, 0x42B00000, 0xC2B00000, 0x42AF0000,
    0xC2AF0000, 0x42B1999A, 0xC2B1999A, 0x42C80000, 0xC2C80000, 0x42D00000, 0xC2D00000, 0x42D10000,
    0xC2D10000, 0x00000001, 0x80000001, 0x000116C2, 0x7F61B1E6, 0xFF61B1E6, 0x41880000, 0xC1880000,
    0x4184CCCD, 0xC184CCCD, 0x3F000000, 0xBF000000, 0x3EB17218, 0xBEB17218, 0x322BCC77, 0xB22BCC77,
    0xC098478E, 0xBFE04ADF, 0xC0474D16, 0xC0555823, 0xC0BD3292, 0xC063D4F1, 0xC0ECE3D0, 0xC0A3E907,
    0xC12D4DED, 0xBFD8A33C, 0xC0BE6144, 0xC108F135, 0xC0A54CD3, 0x3E853BA0, 0xC08BAE82, 0xBF9CC680,
    0xC045A3F8, 0xC0CE654C, 0xC114E8FD, 0xC0E9AD56, 0xC10B06E8, 0xC03EABD5, 0xC0C574D9, 0xC0D078D4,
    0xC0D39B9D, 0xC0B9AF60, 0xC10C394F, 0xC094A8DC, 0x3F58B0BD, 0x3F655085, 0xC0A450E2, 0xBFD144CC,
    0xBF8B8157, 0xC00F1BC1, 0xC0A3053B, 0xBEE528B3, 0xC1496A17, 0xBFF64048, 0xC0BADFF0, 0xC1026078,
    0xC097B041, 0xC090D2DA, 0xC10DD0DC, 0xC16B55D6, 0xC079AAB3, 0xC03BA64F, 0xC07D3128, 0xC0D2AC2D,
    0xBE8747EE, 0xBF9DF9DC, 0xBE1D46FD, 0xC01695FD, 0xC0B99C88, 0xC0B5AAE8, 0xBF9ECFD6, 0xC0FF294C,
    0xC0A70D58, 0xC0768548, 0xC0941F57, 0xC1217FB9, 0xBF6BFBC2, 0xC0EDBF81, 0xC12194E8, 0xC102FB20,
    0xC0981CF0, 0xC122E5E8, 0xC05227EB, 0xC052200F, 0xC0992BA2, 0xC0ED5AD1, 0xC0A4424B, 0xC03A4791,
    0x3ECE7AF3, 0xC047F670, 0xBF8C58E9, 0xC048C68A, 0xC1288A26, 0xC0D34AA4, 0xC0A75C37, 0xBEE72833,
    0x3FCEA6FD, 0xC137204E, 0xC101FAAE, 0xC01BD363, 0xC0AC8482, 0xC01D7449, 0xC116976D, 0xBFBF07F8,
    0xC0A69F97, 0x3F83DF58, 0xBF8E62CB, 0xBF9E3392, 0xBE9A180F, 0xBFD6EECC, 0x3DCACDD9, 0xC0DBA50B,
    0x3FD92D0D, 0xC0415325, 0xC0BD9C13, 0xC1372388, 0xC100117F, 0xC0A2733B, 0xC01EDBAB, 0xC0E9093C,
    0x3F85B287, 0xC03FBF05, 0xBF83D1D5, 0xC098AECD, 0xC092A16F, 0xC0BD9FD5, 0xC025C2FB, 0x3ECDCEC9,
    0xC16EBD90, 0xC0FF400D, 0x40158632, 0xC044F63E, 0xC0AB372B, 0xC0924A3D, 0xC0E3E5CC, 0xC0D25FA5,
    0xC0A05F3A, 0xC01CA9CD, 0x3EA43A8A, 0xBFF15B17, 0xC13FEFCE, 0xC0EE00F5, 0xBFF8B69C, 0x3EF8BD0D,
    0xC07F1FCA, 0xC0A4FB80, 0xBF83B6BC, 0x4017F27F, 0xC0ED18EB, 0xBEC10C59, 0xC137D321, 0xC094619F,
    0xC04876DF, 0x3EB8DEEC, 0xC0AB393E, 0xC14E9FEA, 0xC0BCB035, 0xC00BFC0C, 0xC0729DFE, 0xC0D2F8AA,
    0xC049B07E, 0xC11F629B, 0xBE0FAA3E, 0xC09289EC, 0xBFD263CA, 0xC0CB165C, 0xBED9219F, 0xC0A316C5,
    0xC113E2F3, 0xC0F165FB, 0xC1404B18, 0xC0580FD4, 0xC15A13E2, 0xC0233F55, 0xC0A7C651, 0xC0BD5B2E,
    0x40085ADE, 0xC0648014, 0x3F6C0A71, 0xBE9A9C7F, 0xBF8E2D9D, 0xBFDC2B62, 0xBFD8F79B, 0x40FB5A16,
    0xC047DFF0, 0xC01633B3, 0x40809A6E, 0x40E30889, 0xBF919EFF, 0xC041294C, 0xC05247A4, 0xC085C74C,
    0x40B94D67, 0x401F5D62, 0xC01B1197, 0x40765D5D, 0xBFCBD201, 0xC088B0BB, 0x4030720F, 0x40EBC59B,
    0x4101995F, 0x3FE9BAB6, 0x3FBD147F, 0x3F86EA83, 0xC1008E8E, 0x40AE366F, 0xC0CAA61F, 0xC016C74D,
    0xC0987474, 0x4046FF54, 0x40D665EB, 0xBFF73A02, 0xBE154C77, 0x3F3F6A99, 0xBFA98E45, 0x404B058B,
    0xBF747491, 0x3FD78989, 0x40005379, 0xBE755B50, 0x3EC4411C, 0xBED9600B, 0xBF5731C3, 0xBFFB78F2,
    0xBFE67505, 0xBFA1E3DD, 0xC001D35C, 0x4069631A, 0xC036BB05, 0xBFF4E543, 0xBF6F64E8, 0xC06DCB44,
    0x3E5C4DD1, 0x3FD496DE, 0x407243E3, 0x408EDD31, 0xC0B49DB1, 0x3F11DCAB, 0xBFA63E70, 0x3E862F78,
    0xC0705E4B, 0xBED6987A, 0xC016A6C8, 0xC01D59CB, 0xC077FA5A, 0xBFFEC76C, 0xC02F5C83, 0xC03BDB60,
    0xC00031D2, 0xC1000527, 0xC10B704A, 0x7FC00000, 0xFF800000, 0x42BE0000, 0xC2BE0000,
]  # fmt: skip
_FWD_Y = [
    0x3F000000, 0x3F000000, 0x3F800000, 0x00000000, 0xFFC00000, 0x3F800000, 0x0041EDC4, 0x3F800000,
    0x006CB2BC, 0x3F800000, 0x00000000, 0x3F800000, 0x00000000, 0x3F800000, 0x00000000, 0x3F800000,
    0x00000000, 0x3F000000, 0x3F000000, 0x3F000000, 0x3F800000, 0x00000000, 0x3F800000, 0x3331CF19,
    0x3F7FFFFE, 0x3384A13E, 0x3F1F597F, 0x3EC14D03, 0x3F15F619, 0x3ED413CC, 0x3F000000, 0x3F000000,
    0x3C0B525E, 0x3E174E33, 0x3D2E3424, 0x3D0D1070, 0x3B30D656, 0x3CE28E8F, 0x3A1FB07D, 0x3BC23C10,
    0x37A5CF47, 0x3E1F2E39, 0x3B2A7064, 0x39491CBE, 0x3BBA06A9, 0x3F108F8F, 0x3C4DB0DE, 0x3E688AAC,
    0x3D329550, 0x3ACEDCF5, 0x38BE65F6, 0x3A308B18, 0x39308C20, 0x3D462274, 0x3B08B1F6, 0x3AC1E2E8,
    0x3AAFCFD1, 0x3B454A99, 0x3923D316, 0x3C1BD970, 0x3F33277D, 0x3F35C7A1, 0x3BBFCD53, 0x3E27130B,
    0x3E80D6F6, 0x3DC5C029, 0x3BC7AD9D, 0x3EC7A5DA, 0x3664EE70, 0x3E027E26, 0x3B3E1CAF, 0x39978E57,
    0x3C0DE577, 0x3C2F7C25, 0x39144F9B, 0x34DBD212, 0x3CA25D99, 0x3D4F3A89, 0x3C99D3D6, 0x3AB504E2,
    0x3EDE6009, 0x3E66DC31, 0x3EEC6100, 0x3DB1D6A5, 0x3B45BE8F, 0x3B5F97A6, 0x3E65B1CF, 0x39B47CC7,
    0x3BB02B02, 0x3CAA6069, 0x3C1E7652, 0x382D628C, 0x3E91B5AD, 0x3A1B7761, 0x382C7D99, 0x3991F11C,
    0x3C0C0ACE, 0x381EDE15, 0x3D140266, 0x3D1413ED, 0x3C078727, 0x3A1D6346, 0x3BC02456, 0x3D537B32,
    0x3F197740, 0x3D2C7CDC, 0x3E8034D8, 0x3D2A66BD, 0x37DF535D, 0x3AB18E4A, 0x3BAE7D2F, 0x3EC72C3A,
    0x3F558313, 0x37337E23, 0x399B5E4E, 0x3DA4FC15, 0x3B94A247, 0x3DA12A6D, 0x38AB6827, 0x3E3BF669,
    0x3BB287FB, 0x3F3CA9BE, 0x3E7D5D24, 0x3E668B9C, 0x3ED9C3C3, 0x3E20FAB7, 0x3F06551C, 0x3A88CE3B,
    0x3F585893, 0x3D3E7633, 0x3B2E9496, 0x373359F5, 0x39AF1226, 0x3BCB3F1C, 0x3D9DF050, 0x3A341CF1,
    0x3F3D5E41, 0x3D42FDD8, 0x3E86B700, 0x3C09976D, 0x3C25F2AB, 0x3B2E8024, 0x3D8EEA73, 0x3F196295,
    0x34B1AE42, 0x39B3FCA8, 0x3F696E5E, 0x3D346730, 0x3B9AC70C, 0x3C27B49D, 0x3A537609, 0x3AB6B73C,
    0x3BD8CB23, 0x3DA302A8, 0x3F145AB8, 0x3E06E8E9, 0x36CEFB27, 0x3A1A3AD7, 0x3E005171, 0x3F1E7EB0,
    0x3C955613, 0x3BBBDF0E, 0x3E86CC05, 0x3F6A32BD, 0x3A1EA87F, 0x3ED04D3C, 0x372BD339, 0x3C1D3290,
    0x3D2B327C, 0x3F16DC6B, 0x3B9ABD0F, 0x36254DAE, 0x3B33AA84, 0x3DCEA4EC, 0x3CB4DAE5, 0x3AB356CE,
    0x3D2815A2, 0x3845DF12, 0x3EEE123F, 0x3C266B88, 0x3E25DA7B, 0x3AE55AE6, 0x3ECA8430, 0x3BC740F4,
    0x38CAF9CA, 0x3A0AB707, 0x36CA6B48, 0x3D0764C6, 0x35A1995D, 0x3D943A43, 0x3BAC4164, 0x3B2FF714,
    0x3F64D27E, 0x3CE04465, 0x3F372827, 0x3ED9A365, 0x3E7DAC62, 0x3E1B819E, 0x3E1ED5B1, 0x3F7FE697,
    0x3D2CB6FC, 0x3DB2D0AA, 0x3F7B7AE2, 0x3F7FC9B0, 0x3E78934C, 0x3D3EED15, 0x3D13BBC0, 0x3C76BBBE,
    0x3F7F3858, 0x3F6C66C5, 0x3DA6C9B4, 0x3F7AA9BB, 0x3E2D1C81, 0x3C619186, 0x3F70B7D8, 0x3F7FD6A9,
    0x3F7FEC1E, 0x3F5C7D39, 0x3F506BF7, 0x3F3DD61D, 0x39A9CEE1, 0x3F7EE600, 0x3AE88372, 0x3DB159AC,
    0x3C0A9112, 0x3F75100D, 0x3F7FAF6D, 0x3E01A0A1, 0x3EED5EE2, 0x3F2DBE16, 0x3E571609, 0x3F75B3D2,
    0x3E8E48E0, 0x3F57EA43, 0x3F619EE8, 0x3EE179EF, 0x3F183C5C, 0x3ECA7544, 0x3E9A521F, 0x3DFBD621,
    0x3E11332C, 0x3E61702D, 0x3DEE0F67, 0x3F797E67, 0x3D5EE238, 0x3E03B410, 0x3E905327, 0x3CC2ACC7,
    0x3F0DB754, 0x3F572159, 0x3F7A515B, 0x3F7D163C, 0x3B67093D, 0x3F23828F, 0x3E5B83E6, 0x3F10AD86,
    0x3CBB2CD3, 0x3ECB1F77, 0x3DB1AC0C, 0x3DA167EF, 0x3CA69E70, 0x3DF62FAA, 0x3D786EF3, 0x3D4E97A5,
    0x3DF37979, 0x39AF995E, 0x392C1053, 0xFFC00000, 0x00000000, 0x3F800000, 0x00000000,
]  # fmt: skip
_BWD_X = [
    0xBF1EE013, 0x403440C0, 0x3FFE10AC, 0x405022EA, 0xBFE703E0, 0x4065C0DD, 0xC0AEB4E1, 0x3EDAB1AD,
    0xC0A05285, 0xC07C7DA5, 0xC0017546, 0x3FBBE1A2, 0xBFA2325B, 0x3FB87D9E, 0x40B4AC99, 0xBFFC2932,
    0xC0044596, 0xBFEBAF9D, 0x3FBB7BA1, 0xBF911E91, 0xBF58DCED, 0xC003EE90, 0x3FE7CAE8, 0x3F0D274D,
    0xC00E1030, 0x40165462, 0x3F05F276, 0x3E5C2163, 0x4034BF39, 0x3E963366, 0xBEEBD1A1, 0xBEECAF86,
    0x40A188BC, 0x3FC84E86, 0x401A3F0E, 0xC0A4FBCA, 0xC048C680, 0x3F1CF7FE, 0x400A7F4D, 0x404B3D90,
    0x3EE9786B, 0xBF8FD8F8, 0x3F459ABE, 0xC095DE6E, 0xC047B22D, 0xC015BBF5, 0x4021789A, 0x404C8A2B,
]  # fmt: skip
_BWD_G = [
    0xBB7BD714, 0x3FDC8AB1, 0xBEEA68AB, 0xBEFA9D7C, 0xC01E931F, 0xBE30C657, 0x3F9FAAA0, 0xBFC22A6B,
    0xBEB09E0E, 0x3F105930, 0x3F1B4219, 0xBF128247, 0x3FE66BB5, 0x3EAA112D, 0x3F7AA248, 0xBFB4D6D4,
    0x3E8C3EB0, 0xBF1EA8B7, 0x404BAA3F, 0x3EBA4F0C, 0x3FCD90D9, 0xBF9722CC, 0xBF829206, 0x3E432C65,
    0xBF8FBD0A, 0x3E52D585, 0x3FCCCA86, 0x3C8C37CE, 0xBE8B8810, 0x3C7FB2B0, 0x3F65B925, 0xC00856C6,
    0xBFE8EC71, 0x3F083211, 0xBF28F877, 0xBF885A4B, 0xBF637AE2, 0xBE4D11D2, 0x3F7DEB65, 0xBED94EF5,
    0xBF1E9EF6, 0xBFC6CA6A, 0xBFD6832A, 0x3E990ABD, 0x3E256B7F, 0xBF1E76CA, 0x3F6A5B1F, 0x3EEB9D0D,
]  # fmt: skip
_BWD_DX = [
    0xBA651112, 0x3DBBEC2E, 0xBD472A9A, 0xBC8FCDD3, 0xBE99E4F9, 0xBB93DC12, 0x3BAC76F2, 0xBEB9926F,
    0xBB14CE72, 0x3C2C056E, 0x3D8028A3, 0xBDB26454, 0x3E9E0742, 0x3D52837C, 0x3B60FD18, 0xBE1B63F3,
    0x3CDFD124, 0xBD95F92C, 0x3EF87819, 0x3D89444F, 0x3EACB000, 0xBDF2314B, 0xBDFC5488, 0x3D350F4B,
    0xBDCB4793, 0x3C863003, 0x3EBF63E7, 0x3B8A9C45, 0xBC6C2A31, 0x3B7A464A, 0x3E59F54A, 0xBF014E8D,
    0xBC3D0BB0, 0x3D9BD894, 0xBD4C6D7F, 0xBBC6FA00, 0xBD111E5E, 0xBD3AF0FD, 0x3DBBB989, 0xBC85CFE9,
    0xBE16A722, 0xBE933582, 0xBEB97BFC, 0x3B31D922, 0x3BD6579E, 0xBD4B4424, 0x3D80E422, 0x3C8E65CC,
]  # fmt: skip
_F16_X = [
    0xC106, 0x3929, 0xC262, 0x44D8, 0xC286, 0x4A60, 0x4398, 0xC987, 0xC692, 0xB7A5,
    0x3925, 0x4771, 0x41DA, 0x367D, 0xC2FD, 0x45C8, 0x4723, 0x41F9, 0x4418, 0x443C,
    0x4765, 0xBFC5, 0x4532, 0xC801, 0x45D8, 0x389F, 0x4231, 0xC556, 0xC1FD, 0x441B,
    0xBF33, 0xC760, 0xB59A, 0xC7D7, 0xC581, 0x4424, 0x42E5, 0xC53F, 0x3B72, 0xB702,
]  # fmt: skip
_F16_Y = [
    0x2CCD, 0x393F, 0x290E, 0x3BF0, 0x28B9, 0x3C00, 0x3BD3, 0x0109, 0x15BB, 0x3620,
    0x393E, 0x3BFF, 0x3B98, 0x38CD, 0x278C, 0x3BFA, 0x3BFE, 0x3B9E, 0x3BDE, 0x3BE3,
    0x3BFF, 0x3003, 0x3BF5, 0x0D74, 0x3BFA, 0x3920, 0x3BA7, 0x1CE8, 0x2A1B, 0x3BDF,
    0x308A, 0x1122, 0x369D, 0x0E73, 0x1C27, 0x3BE0, 0x3BC1, 0x1D5E, 0x39BD, 0x3647,
]  # fmt: skip
_BF16_X = [
    0x4082, 0xC0DE, 0x406F, 0xC118, 0x3F2A, 0xC004, 0xC06B, 0x40A8, 0xBFC3, 0x40CA,
    0x3E9E, 0x4046, 0x40E0, 0x3E41, 0xC16F, 0xC056, 0xC091, 0xC0C4, 0xC0EC, 0xC08C,
    0xC0E9, 0xBF5A, 0x4089, 0x4090, 0xC0A0, 0x40CE, 0xC0AB, 0x3D66, 0xC059, 0xC0A2,
    0xC0E9, 0xBF35, 0xC117, 0xC060, 0xC08E, 0xC0A0, 0x3FAC, 0xBF21, 0x411B, 0xBDC6,
]  # fmt: skip
_BF16_Y = [
    0x3F7C, 0x3A7E, 0x3F7A, 0x389D, 0x3F29, 0x3DE7, 0x3CCB, 0x3F7F, 0x3E37, 0x3F80,
    0x3F14, 0x3F75, 0x3F80, 0x3F0C, 0x34AF, 0x3D0C, 0x3C2F, 0x3B0F, 0x3A24, 0x3C4C,
    0x3A34, 0x3E99, 0x3F7D, 0x3F7D, 0x3BDB, 0x3F80, 0x3B9C, 0x3F04, 0x3D05, 0x3BCE,
    0x3A34, 0x3EA9, 0x38A7, 0x3CF0, 0x3C3F, 0x3BDB, 0x3F4B, 0x3EB2, 0x3F80, 0x3EF4,
]  # fmt: skip


def _f32(bits):
    return np.array(bits, dtype=np.uint32).view(np.float32)


def _bits(t):
    return t.detach().numpy().view(np.uint32)


def _half_bits(t):
    return t.detach().view(numtorch.int16).numpy().view(np.uint16)


def _from_half_bits(bits, dtype):
    return numtorch.from_numpy(np.array(bits, np.uint16).view(np.int16)).view(dtype)


def test_golden_forward():
    y = numtorch.sigmoid(numtorch.from_numpy(_f32(_FWD_X)))
    np.testing.assert_array_equal(_bits(y), np.array(_FWD_Y, np.uint32))


def test_golden_forward_kernels():
    """The two paths alone: the vector kernel on the first 256, the scalar one on the rest."""
    x, want = _f32(_FWD_X), np.array(_FWD_Y, np.uint32)
    np.testing.assert_array_equal(_sigmoid_vec(x[:256]).view(np.uint32), want[:256])
    np.testing.assert_array_equal(_sigmoid_scalar(x[256:]).view(np.uint32), want[256:])
    # swapped, or with a correctly rounded exp, they differ: the table tells the paths apart
    assert (_sigmoid_scalar(x[:256]).view(np.uint32) != want[:256]).sum() > 100
    assert (_sigmoid_vec(x[256:]).view(np.uint32) != want[256:]).sum() >= 11
    with np.errstate(over="ignore"):
        e = np.exp(-x[256:].astype(np.float64)).astype(np.float32)
    assert ((1 / (1 + e)).view(np.uint32) != want[256:]).sum() >= 11


def test_golden_backward():
    x = numtorch.from_numpy(_f32(_BWD_X)).requires_grad_()
    numtorch.sigmoid(x).backward(numtorch.from_numpy(_f32(_BWD_G)))
    np.testing.assert_array_equal(_bits(x.grad), np.array(_BWD_DX, np.uint32))


@pytest.mark.parametrize("name", ["float16", "bfloat16"])
def test_golden_half(name):
    dtype = getattr(numtorch, name)
    xs, ys = (_F16_X, _F16_Y) if name == "float16" else (_BF16_X, _BF16_Y)
    y = numtorch.sigmoid(_from_half_bits(xs, dtype))
    assert y.dtype == dtype
    np.testing.assert_array_equal(_half_bits(y), np.array(ys, np.uint16))


def test_expf_u10_special_values():
    x = np.array([0, -0.0, 1, -1, np.inf, -np.inf, np.nan, 100, 100.5, -103, -104.5, 88.7, 89],
                 np.float32)  # fmt: skip
    y = _sleef.expf_u10(x)
    assert y[0] == y[1] == 1 and np.isnan(y[6])
    assert y[4] == np.inf and y[5] == 0 and y[8] == np.inf and y[10] == 0
    assert y[7] == np.inf and y[12] == np.inf  # overflow in the scaling
    assert 0 < y[9] < 2**-149 * 8  # subnormal, rounded once
    np.testing.assert_allclose(y[[2, 3, 11]], np.exp(x[[2, 3, 11]].astype(np.float64)), rtol=2e-7)


def test_expf_libm_special_values():
    x = np.array([0, 1, np.inf, -np.inf, np.nan, 88.72, 88.73, -103.9, -104], np.float32)
    y = _sleef.expf_libm(x)
    assert y[0] == 1 and y[2] == np.inf and y[3] == 0 and np.isnan(y[4])
    assert np.isfinite(y[5]) and y[6] == np.inf and 0 < y[7] and y[8] == 0


def test_expf_u10_common_case_matches_general():
    """The fast kernel (``|q| <= 126``) against the general one on 2**18 random inputs."""
    rng = np.random.default_rng(7)
    x = (rng.standard_normal(1 << 18) * 30).astype(np.float32)
    x = x[np.abs(x) < 87]
    fast = _sleef._expf_u10_normal(x, x * _sleef._R_LN2F)
    slow = _sleef._expf_u10_any(x, x * _sleef._R_LN2F)
    np.testing.assert_array_equal(fast.view(np.uint32), slow.view(np.uint32))


# --- against torch ---------------------------------------------------------------------------


def _check_bits(torch_ref, x_np, make=lambda t: t):
    """numtorch.sigmoid vs torch.sigmoid, bit for bit (NaNs: same bits too)."""
    tt = torch_ref.sigmoid(make(torch_ref.from_numpy(x_np.copy())))
    nt = numtorch.sigmoid(make(numtorch.from_numpy(x_np.copy())))
    assert tuple(nt.shape) == tuple(tt.shape) and nt.stride() == tt.stride()
    np.testing.assert_array_equal(
        nt.contiguous().numpy().view(np.uint32), tt.contiguous().numpy().view(np.uint32)
    )


@pytest.fixture
def one_thread(torch_ref):
    n = torch_ref.get_num_threads()
    torch_ref.set_num_threads(1)
    yield torch_ref
    torch_ref.set_num_threads(n)


SIZES = list(range(1, 41)) + [47, 63, 64, 100, 255, 256, 257, 1000, 4097, 16383, 16384]


@pytest.mark.parametrize("n", SIZES)
def test_sizes_vs_torch(one_thread, n):
    rng = np.random.default_rng(n)
    _check_bits(one_thread, (rng.standard_normal(n) * 6).astype(np.float32))


@pytest.mark.parametrize("n", list(range(1, 41)) + [1023, 16384])
def test_random_bit_patterns_vs_torch(one_thread, n):
    """Any float32: subnormals, huge values, infinities, NaNs with any payload and sign."""
    rng = np.random.default_rng(1000 + n)
    _check_bits(one_thread, rng.integers(0, 2**32, n, dtype=np.uint64).astype(np.uint32).view(
        np.float32))  # fmt: skip


def test_many_values_vs_torch(one_thread):
    """2**20 inputs around the interesting range, as one vector-path tensor and as stride-2 (all
    scalar path) views."""
    rng = np.random.default_rng(11)
    x = (rng.standard_normal(1 << 20) * 8).astype(np.float32)
    tv = one_thread.sigmoid(one_thread.from_numpy(x)).numpy()
    np.testing.assert_array_equal(_sigmoid_vec(x).view(np.uint32), tv.view(np.uint32))
    buf = np.repeat(x, 2)
    ts = one_thread.sigmoid(one_thread.from_numpy(buf)[::2]).numpy()
    np.testing.assert_array_equal(_sigmoid_scalar(x).view(np.uint32), ts.view(np.uint32))


LAYOUTS = {
    "transposed": ((37, 23), lambda t: t.t()),
    "column_slice": ((20, 40), lambda t: t[:, :19]),
    "column_slice_33": ((20, 50), lambda t: t[:, 3:36]),
    "row_step": ((71,), lambda t: t[::2]),
    "column_step": ((20, 40), lambda t: t[:, ::3]),
    "offset_block": ((30, 40), lambda t: t[1:, 2:]),
    "permuted_3d": ((5, 6, 7), lambda t: t.permute(2, 0, 1)),
    "permuted_sliced": ((6, 5, 40), lambda t: t.permute(1, 0, 2)[:, :, :35]),
    "expanded_rows": ((1, 37), lambda t: t.expand(5, 37)),
    "expanded_cols": ((37, 1), lambda t: t.expand(37, 48)),
    "unsqueezed": ((40,), lambda t: t.unsqueeze(0)[:, 1:]),
    "scalar": ((), lambda t: t),
    "empty": ((0, 3), lambda t: t),
}


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_layouts_vs_torch(one_thread, layout):
    shape, make = LAYOUTS[layout]
    x = np.asarray(np.random.default_rng(5).standard_normal(shape) * 6, dtype=np.float32)
    _check_bits(one_thread, x, make)


@pytest.mark.parametrize("name", ["float16", "bfloat16"])
def test_half_all_values_vs_torch(one_thread, name):
    """Every 16-bit pattern, in pieces of 511 * 32 + 17 (vector path, then a scalar tail) and
    of 8192 at stride 2 (all scalar); NaNs must carry torch's bits (bfloat16: 0xFFFF from the
    vector conversion, 0x7FC0 from the scalar one)."""
    tdt, ndt = getattr(one_thread, name), getattr(numtorch, name)
    bits = np.arange(65536, dtype=np.uint16).view(np.int16)
    bits = np.concatenate([bits, bits[:17]])
    pieces = [lambda t, i=i: t[i : i + 511 * 32 + 17] for i in range(0, 65536, 511 * 32)]
    pieces += [lambda t, i=i: t[i : i + 16384 : 2] for i in range(0, 65536, 16384)]
    pieces += [lambda t, i=i: t[i + 8191 : i + 8192 + 16384 : 2] for i in range(0, 65536, 16384)]
    for make in pieces:
        tt = one_thread.sigmoid(make(one_thread.from_numpy(bits).view(tdt)))
        nt = numtorch.sigmoid(make(numtorch.from_numpy(bits).view(ndt)))
        want = tt.view(one_thread.int16).numpy().view(np.uint16)
        np.testing.assert_array_equal(_half_bits(nt), want)


@pytest.mark.parametrize("name", ["float32", "float16", "bfloat16", "float64"])
def test_backward_vs_torch(one_thread, name):
    rng = np.random.default_rng(3)
    x = (rng.standard_normal(1000) * 4).astype(np.float32)
    g = rng.standard_normal(1000).astype(np.float32)
    tdt, ndt = getattr(one_thread, name), getattr(numtorch, name)
    tx = one_thread.from_numpy(x).to(tdt).requires_grad_()
    nx = numtorch.from_numpy(x).to(ndt).requires_grad_()
    one_thread.sigmoid(tx).backward(one_thread.from_numpy(g).to(tdt))
    numtorch.sigmoid(nx).backward(numtorch.from_numpy(g).to(ndt))
    if name == "float64":  # the forward is NumPy's exp (not SLEEF's expd4): check the order
        y = numtorch.sigmoid(nx).detach().numpy()
        want = (g.astype(np.float64) * (1 - y)) * y
        np.testing.assert_array_equal(nx.grad.numpy(), want)
        return
    assert nx.grad.dtype == ndt
    np.testing.assert_array_equal(
        nx.grad.float().numpy().view(np.uint32), tx.grad.float().numpy().view(np.uint32)
    )


def test_double_backward_vs_torch(one_thread):
    x = (np.random.default_rng(4).standard_normal(37) * 3).astype(np.float32)
    res = []
    for lib in (one_thread, numtorch):
        t = lib.from_numpy(x.copy()).requires_grad_()
        (g,) = lib.autograd.grad(lib.sigmoid(t).sum(), t, create_graph=True)
        (gg,) = lib.autograd.grad(g.sum(), t)
        res.append((g.detach().numpy(), gg.numpy()))
    np.testing.assert_array_equal(res[0][0].view(np.uint32), res[1][0].view(np.uint32))
    np.testing.assert_allclose(res[1][1], res[0][1], rtol=1e-6, atol=1e-7)


def test_inplace_and_out_vs_torch(one_thread):
    x = (np.random.default_rng(6).standard_normal((20, 40)) * 6).astype(np.float32)
    outs = []
    for lib in (one_thread, numtorch):
        a = lib.from_numpy(x.copy())
        a[:, :19].sigmoid_()
        o = lib.empty(37)
        lib.sigmoid(lib.from_numpy(x[0, :37].copy()), out=o)
        outs.append((a.numpy().view(np.uint32), o.numpy().view(np.uint32)))
    np.testing.assert_array_equal(outs[1][0], outs[0][0])
    np.testing.assert_array_equal(outs[1][1], outs[0][1])


def test_large_arrays_stay_close(one_thread):
    """Above 16384 elements numtorch keeps NumPy's float32 exp: within 4 ulp of torch."""
    x = (np.random.default_rng(8).standard_normal(20000) * 6).astype(np.float32)
    nt = numtorch.sigmoid(numtorch.from_numpy(x)).numpy()
    tt = one_thread.sigmoid(one_thread.from_numpy(x)).numpy()
    ulp = np.abs(nt.view(np.int32).astype(np.int64) - tt.view(np.int32))
    assert ulp.max() <= 4


def test_complex_backward_vs_torch(torch_ref):
    """The complex gradient conjugates (1 - y) y, as torch's kernel does."""
    x = np.array([0.3 + 0.7j, -1 + 0.2j, 2 - 1.5j], np.complex128)
    g = np.array([1 + 0j, 0.5 - 1j, -2 + 0.25j], np.complex128)
    grads = []
    for lib in (torch_ref, numtorch):
        t = lib.from_numpy(x.copy()).requires_grad_()
        lib.sigmoid(t).backward(lib.from_numpy(g.copy()))
        grads.append(t.grad.numpy())
    np.testing.assert_allclose(grads[1], grads[0], rtol=1e-13)


@pytest.mark.skipif(not os.environ.get("NUMTORCH_EXHAUSTIVE"), reason="NUMTORCH_EXHAUSTIVE unset")
def test_exhaustive_vs_torch(one_thread):
    """All 2**32 float32 inputs through both paths and both ``expf_u10`` kernels (~15 min)."""
    n = 1 << 24
    buf = np.empty(2 * n, np.float32)
    bad = 0
    for c in range(256):
        x = np.arange(c * n, (c + 1) * n, dtype=np.uint64).astype(np.uint32).view(np.float32)
        want = one_thread.sigmoid(one_thread.from_numpy(x)).numpy().view(np.uint32)
        d = -x
        with np.errstate(over="ignore", invalid="ignore"):
            t = d * _sleef._R_LN2F
        e = _sleef._expf_u10_any(d, t.copy())
        bad += int((np.reciprocal(e + np.float32(1)).view(np.uint32) != want).sum())
        common = (t >= -126) & (t <= 127)
        if common.any():
            e = _sleef._expf_u10_normal(d[common], t[common])
            y = np.reciprocal(e + np.float32(1)).view(np.uint32)
            bad += int((y != want[common]).sum())
        buf[::2] = x
        want = one_thread.sigmoid(one_thread.from_numpy(buf)[::2]).numpy().view(np.uint32)
        bad += int((_sigmoid_scalar(x).view(np.uint32) != want).sum())
    assert bad == 0
