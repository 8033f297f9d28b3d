"""The `__init__` templates of `wf_lsp.records`, compiled with the package: compiled
from source as a process made its records, they were 6% of the instructions of a
`wf-lsp lint` of one small file. Written by `wf_lsp.records.inits_module()`.
"""

__set = object.__setattr__


def _init_0(__self):
    pass


def _init_0_finish(__self):
    __self.__record_finish__()


def _init_1(__self, __p0):
    __set(__self, '__p0', __p0)


def _init_1_finish(__self, __p0):
    __set(__self, '__p0', __p0)
    __self.__record_finish__()


def _init_2(__self, __p0, __p1):
    __set(__self, '__p0', __p0)
    __set(__self, '__p1', __p1)


def _init_2_finish(__self, __p0, __p1):
    __set(__self, '__p0', __p0)
    __set(__self, '__p1', __p1)
    __self.__record_finish__()


def _init_3(__self, __p0, __p1, __p2):
    __set(__self, '__p0', __p0)
    __set(__self, '__p1', __p1)
    __set(__self, '__p2', __p2)


def _init_3_finish(__self, __p0, __p1, __p2):
    __set(__self, '__p0', __p0)
    __set(__self, '__p1', __p1)
    __set(__self, '__p2', __p2)
    __self.__record_finish__()


def _init_4(__self, __p0, __p1, __p2, __p3):
    __set(__self, '__p0', __p0)
    __set(__self, '__p1', __p1)
    __set(__self, '__p2', __p2)
    __set(__self, '__p3', __p3)


def _init_4_finish(__self, __p0, __p1, __p2, __p3):
    __set(__self, '__p0', __p0)
    __set(__self, '__p1', __p1)
    __set(__self, '__p2', __p2)
    __set(__self, '__p3', __p3)
    __self.__record_finish__()


def _init_5(__self, __p0, __p1, __p2, __p3, __p4):
    __set(__self, '__p0', __p0)
    __set(__self, '__p1', __p1)
    __set(__self, '__p2', __p2)
    __set(__self, '__p3', __p3)
    __set(__self, '__p4', __p4)


def _init_5_finish(__self, __p0, __p1, __p2, __p3, __p4):
    __set(__self, '__p0', __p0)
    __set(__self, '__p1', __p1)
    __set(__self, '__p2', __p2)
    __set(__self, '__p3', __p3)
    __set(__self, '__p4', __p4)
    __self.__record_finish__()


def _init_6(__self, __p0, __p1, __p2, __p3, __p4, __p5):
    __set(__self, '__p0', __p0)
    __set(__self, '__p1', __p1)
    __set(__self, '__p2', __p2)
    __set(__self, '__p3', __p3)
    __set(__self, '__p4', __p4)
    __set(__self, '__p5', __p5)


def _init_6_finish(__self, __p0, __p1, __p2, __p3, __p4, __p5):
    __set(__self, '__p0', __p0)
    __set(__self, '__p1', __p1)
    __set(__self, '__p2', __p2)
    __set(__self, '__p3', __p3)
    __set(__self, '__p4', __p4)
    __set(__self, '__p5', __p5)
    __self.__record_finish__()


def _init_7(__self, __p0, __p1, __p2, __p3, __p4, __p5, __p6):
    __set(__self, '__p0', __p0)
    __set(__self, '__p1', __p1)
    __set(__self, '__p2', __p2)
    __set(__self, '__p3', __p3)
    __set(__self, '__p4', __p4)
    __set(__self, '__p5', __p5)
    __set(__self, '__p6', __p6)


def _init_7_finish(__self, __p0, __p1, __p2, __p3, __p4, __p5, __p6):
    __set(__self, '__p0', __p0)
    __set(__self, '__p1', __p1)
    __set(__self, '__p2', __p2)
    __set(__self, '__p3', __p3)
    __set(__self, '__p4', __p4)
    __set(__self, '__p5', __p5)
    __set(__self, '__p6', __p6)
    __self.__record_finish__()


def _init_8(__self, __p0, __p1, __p2, __p3, __p4, __p5, __p6, __p7):
    __set(__self, '__p0', __p0)
    __set(__self, '__p1', __p1)
    __set(__self, '__p2', __p2)
    __set(__self, '__p3', __p3)
    __set(__self, '__p4', __p4)
    __set(__self, '__p5', __p5)
    __set(__self, '__p6', __p6)
    __set(__self, '__p7', __p7)


def _init_8_finish(__self, __p0, __p1, __p2, __p3, __p4, __p5, __p6, __p7):
    __set(__self, '__p0', __p0)
    __set(__self, '__p1', __p1)
    __set(__self, '__p2', __p2)
    __set(__self, '__p3', __p3)
    __set(__self, '__p4', __p4)
    __set(__self, '__p5', __p5)
    __set(__self, '__p6', __p6)
    __set(__self, '__p7', __p7)
    __self.__record_finish__()


def _init_9(__self, __p0, __p1, __p2, __p3, __p4, __p5, __p6, __p7, __p8):
    __set(__self, '__p0', __p0)
    __set(__self, '__p1', __p1)
    __set(__self, '__p2', __p2)
    __set(__self, '__p3', __p3)
    __set(__self, '__p4', __p4)
    __set(__self, '__p5', __p5)
    __set(__self, '__p6', __p6)
    __set(__self, '__p7', __p7)
    __set(__self, '__p8', __p8)


def _init_9_finish(__self, __p0, __p1, __p2, __p3, __p4, __p5, __p6, __p7, __p8):
    __set(__self, '__p0', __p0)
    __set(__self, '__p1', __p1)
    __set(__self, '__p2', __p2)
    __set(__self, '__p3', __p3)
    __set(__self, '__p4', __p4)
    __set(__self, '__p5', __p5)
    __set(__self, '__p6', __p6)
    __set(__self, '__p7', __p7)
    __set(__self, '__p8', __p8)
    __self.__record_finish__()


def _init_10(__self, __p0, __p1, __p2, __p3, __p4, __p5, __p6, __p7, __p8, __p9):
    __set(__self, '__p0', __p0)
    __set(__self, '__p1', __p1)
    __set(__self, '__p2', __p2)
    __set(__self, '__p3', __p3)
    __set(__self, '__p4', __p4)
    __set(__self, '__p5', __p5)
    __set(__self, '__p6', __p6)
    __set(__self, '__p7', __p7)
    __set(__self, '__p8', __p8)
    __set(__self, '__p9', __p9)


def _init_10_finish(__self, __p0, __p1, __p2, __p3, __p4, __p5, __p6, __p7, __p8, __p9):
    __set(__self, '__p0', __p0)
    __set(__self, '__p1', __p1)
    __set(__self, '__p2', __p2)
    __set(__self, '__p3', __p3)
    __set(__self, '__p4', __p4)
    __set(__self, '__p5', __p5)
    __set(__self, '__p6', __p6)
    __set(__self, '__p7', __p7)
    __set(__self, '__p8', __p8)
    __set(__self, '__p9', __p9)
    __self.__record_finish__()


def _init_11(__self, __p0, __p1, __p2, __p3, __p4, __p5, __p6, __p7, __p8, __p9, __p10):
    __set(__self, '__p0', __p0)
    __set(__self, '__p1', __p1)
    __set(__self, '__p2', __p2)
    __set(__self, '__p3', __p3)
    __set(__self, '__p4', __p4)
    __set(__self, '__p5', __p5)
    __set(__self, '__p6', __p6)
    __set(__self, '__p7', __p7)
    __set(__self, '__p8', __p8)
    __set(__self, '__p9', __p9)
    __set(__self, '__p10', __p10)


def _init_11_finish(__self, __p0, __p1, __p2, __p3, __p4, __p5, __p6, __p7, __p8, __p9, __p10):
    __set(__self, '__p0', __p0)
    __set(__self, '__p1', __p1)
    __set(__self, '__p2', __p2)
    __set(__self, '__p3', __p3)
    __set(__self, '__p4', __p4)
    __set(__self, '__p5', __p5)
    __set(__self, '__p6', __p6)
    __set(__self, '__p7', __p7)
    __set(__self, '__p8', __p8)
    __set(__self, '__p9', __p9)
    __set(__self, '__p10', __p10)
    __self.__record_finish__()


def _init_12(__self, __p0, __p1, __p2, __p3, __p4, __p5, __p6, __p7, __p8, __p9, __p10, __p11):
    __set(__self, '__p0', __p0)
    __set(__self, '__p1', __p1)
    __set(__self, '__p2', __p2)
    __set(__self, '__p3', __p3)
    __set(__self, '__p4', __p4)
    __set(__self, '__p5', __p5)
    __set(__self, '__p6', __p6)
    __set(__self, '__p7', __p7)
    __set(__self, '__p8', __p8)
    __set(__self, '__p9', __p9)
    __set(__self, '__p10', __p10)
    __set(__self, '__p11', __p11)


def _init_12_finish(__self, __p0, __p1, __p2, __p3, __p4, __p5, __p6, __p7, __p8, __p9, __p10, __p11):
    __set(__self, '__p0', __p0)
    __set(__self, '__p1', __p1)
    __set(__self, '__p2', __p2)
    __set(__self, '__p3', __p3)
    __set(__self, '__p4', __p4)
    __set(__self, '__p5', __p5)
    __set(__self, '__p6', __p6)
    __set(__self, '__p7', __p7)
    __set(__self, '__p8', __p8)
    __set(__self, '__p9', __p9)
    __set(__self, '__p10', __p10)
    __set(__self, '__p11', __p11)
    __self.__record_finish__()


def _init_13(__self, __p0, __p1, __p2, __p3, __p4, __p5, __p6, __p7, __p8, __p9, __p10, __p11, __p12):
    __set(__self, '__p0', __p0)
    __set(__self, '__p1', __p1)
    __set(__self, '__p2', __p2)
    __set(__self, '__p3', __p3)
    __set(__self, '__p4', __p4)
    __set(__self, '__p5', __p5)
    __set(__self, '__p6', __p6)
    __set(__self, '__p7', __p7)
    __set(__self, '__p8', __p8)
    __set(__self, '__p9', __p9)
    __set(__self, '__p10', __p10)
    __set(__self, '__p11', __p11)
    __set(__self, '__p12', __p12)


def _init_13_finish(__self, __p0, __p1, __p2, __p3, __p4, __p5, __p6, __p7, __p8, __p9, __p10, __p11, __p12):
    __set(__self, '__p0', __p0)
    __set(__self, '__p1', __p1)
    __set(__self, '__p2', __p2)
    __set(__self, '__p3', __p3)
    __set(__self, '__p4', __p4)
    __set(__self, '__p5', __p5)
    __set(__self, '__p6', __p6)
    __set(__self, '__p7', __p7)
    __set(__self, '__p8', __p8)
    __set(__self, '__p9', __p9)
    __set(__self, '__p10', __p10)
    __set(__self, '__p11', __p11)
    __set(__self, '__p12', __p12)
    __self.__record_finish__()


def _init_14(__self, __p0, __p1, __p2, __p3, __p4, __p5, __p6, __p7, __p8, __p9, __p10, __p11, __p12, __p13):
    __set(__self, '__p0', __p0)
    __set(__self, '__p1', __p1)
    __set(__self, '__p2', __p2)
    __set(__self, '__p3', __p3)
    __set(__self, '__p4', __p4)
    __set(__self, '__p5', __p5)
    __set(__self, '__p6', __p6)
    __set(__self, '__p7', __p7)
    __set(__self, '__p8', __p8)
    __set(__self, '__p9', __p9)
    __set(__self, '__p10', __p10)
    __set(__self, '__p11', __p11)
    __set(__self, '__p12', __p12)
    __set(__self, '__p13', __p13)


def _init_14_finish(__self, __p0, __p1, __p2, __p3, __p4, __p5, __p6, __p7, __p8, __p9, __p10, __p11, __p12, __p13):
    __set(__self, '__p0', __p0)
    __set(__self, '__p1', __p1)
    __set(__self, '__p2', __p2)
    __set(__self, '__p3', __p3)
    __set(__self, '__p4', __p4)
    __set(__self, '__p5', __p5)
    __set(__self, '__p6', __p6)
    __set(__self, '__p7', __p7)
    __set(__self, '__p8', __p8)
    __set(__self, '__p9', __p9)
    __set(__self, '__p10', __p10)
    __set(__self, '__p11', __p11)
    __set(__self, '__p12', __p12)
    __set(__self, '__p13', __p13)
    __self.__record_finish__()


def _init_15(__self, __p0, __p1, __p2, __p3, __p4, __p5, __p6, __p7, __p8, __p9, __p10, __p11, __p12, __p13, __p14):
    __set(__self, '__p0', __p0)
    __set(__self, '__p1', __p1)
    __set(__self, '__p2', __p2)
    __set(__self, '__p3', __p3)
    __set(__self, '__p4', __p4)
    __set(__self, '__p5', __p5)
    __set(__self, '__p6', __p6)
    __set(__self, '__p7', __p7)
    __set(__self, '__p8', __p8)
    __set(__self, '__p9', __p9)
    __set(__self, '__p10', __p10)
    __set(__self, '__p11', __p11)
    __set(__self, '__p12', __p12)
    __set(__self, '__p13', __p13)
    __set(__self, '__p14', __p14)


def _init_15_finish(__self, __p0, __p1, __p2, __p3, __p4, __p5, __p6, __p7, __p8, __p9, __p10, __p11, __p12, __p13, __p14):
    __set(__self, '__p0', __p0)
    __set(__self, '__p1', __p1)
    __set(__self, '__p2', __p2)
    __set(__self, '__p3', __p3)
    __set(__self, '__p4', __p4)
    __set(__self, '__p5', __p5)
    __set(__self, '__p6', __p6)
    __set(__self, '__p7', __p7)
    __set(__self, '__p8', __p8)
    __set(__self, '__p9', __p9)
    __set(__self, '__p10', __p10)
    __set(__self, '__p11', __p11)
    __set(__self, '__p12', __p12)
    __set(__self, '__p13', __p13)
    __set(__self, '__p14', __p14)
    __self.__record_finish__()


def _init_16(__self, __p0, __p1, __p2, __p3, __p4, __p5, __p6, __p7, __p8, __p9, __p10, __p11, __p12, __p13, __p14, __p15):
    __set(__self, '__p0', __p0)
    __set(__self, '__p1', __p1)
    __set(__self, '__p2', __p2)
    __set(__self, '__p3', __p3)
    __set(__self, '__p4', __p4)
    __set(__self, '__p5', __p5)
    __set(__self, '__p6', __p6)
    __set(__self, '__p7', __p7)
    __set(__self, '__p8', __p8)
    __set(__self, '__p9', __p9)
    __set(__self, '__p10', __p10)
    __set(__self, '__p11', __p11)
    __set(__self, '__p12', __p12)
    __set(__self, '__p13', __p13)
    __set(__self, '__p14', __p14)
    __set(__self, '__p15', __p15)


def _init_16_finish(__self, __p0, __p1, __p2, __p3, __p4, __p5, __p6, __p7, __p8, __p9, __p10, __p11, __p12, __p13, __p14, __p15):
    __set(__self, '__p0', __p0)
    __set(__self, '__p1', __p1)
    __set(__self, '__p2', __p2)
    __set(__self, '__p3', __p3)
    __set(__self, '__p4', __p4)
    __set(__self, '__p5', __p5)
    __set(__self, '__p6', __p6)
    __set(__self, '__p7', __p7)
    __set(__self, '__p8', __p8)
    __set(__self, '__p9', __p9)
    __set(__self, '__p10', __p10)
    __set(__self, '__p11', __p11)
    __set(__self, '__p12', __p12)
    __set(__self, '__p13', __p13)
    __set(__self, '__p14', __p14)
    __set(__self, '__p15', __p15)
    __self.__record_finish__()
