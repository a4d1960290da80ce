"""The Excel workbooks jixiao writes and reads back: the fill-in template (填报模板)
and the attached tables (附件2 基础数据表, 附件3 自评表, 项目支出绩效自评表).

The layouts live here, apart from the writer and the reader, so both follow one
description: a row the writer puts under a label is the row the reader looks for.
"""
