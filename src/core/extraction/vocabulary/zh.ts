import type { Vocabulary } from './types';

/**
 * Chinese (simplified): the labels of China's VAT invoices (增值税发票) and export invoices. Chinese
 * runs words together, so a label is often glued to its value ("发票号码：12345"); the page layout
 * splits a word at a full-width colon so that the label stands alone.
 */
export const zh: Vocabulary = {
  language: 'zh',
  titles: {
    invoice: ['发票', '增值税专用发票', '增值税普通发票', '商业发票', '形式发票', '电子发票', '收据', '普通发票'],
    bill_of_lading: ['提单', '海运提单', '运单'],
    other: ['装箱单', '原产地证书', '报价单', '采购订单', '送货单', '出库单'],
  },
  labels: {
    invoice_no: ['发票号码', '发票号', '发票编号'],
    invoice_date: ['开票日期', '发票日期', '日期'],
    due_date: ['到期日', '付款期限', '付款日期', '到期日期'],
    currency: ['币种', '货币', '币别'],
    grand_total: ['价税合计', '总计', '总金额', '合计金额', '价税合计（大写）', '价税合计(小写)', '（小写）', '小写'],
    total: ['合计', '总额'],
    amount_due: ['应付金额', '应付总额'],
    subtotal: ['金额合计', '不含税金额', '小计'],
    tax: ['税额', '税额合计', '增值税'],
    freight: ['运费'],
    insurance: ['保险费', '保费'],
    discount: ['折扣', '折让'],
    amount_paid: ['已付', '预付款'],
    order_ref: ['订单号', '合同号', '采购订单号'],
    seller: ['销售方', '销售方名称', '卖方', '销货单位', '出口商', '开票方'],
    shipper: ['发货人', '托运人'],
    beneficiary: ['收款人', '账户名称'],
    buyer: ['购买方', '购买方名称', '买方', '购货单位', '购方', '客户', '进口商'],
    consignee: ['收货人'],
    notify: ['通知人', '通知方'],
    ship_to: ['收货地址', '送货地址'],
    bl_no: ['提单号', '提单号码'],
    incoterms: ['贸易条款', '价格条款'],
    account_no: ['账号', '银行账号', '开户行及账号', '账户'],
    vessel: ['船名', '船名航次'],
    voyage: ['航次'],
    pol: ['装货港', '起运港'],
    pod: ['卸货港', '目的港'],
    carrier: ['承运人'],
    on_board_date: ['装船日期', '开航日期'],
    gross_weight: ['毛重'],
    net_weight: ['净重'],
    packages: ['件数', '包装件数'],
    description: ['货物名称', '货物或应税劳务名称', '品名', '货物'],
    quantity: ['数量'],
    unit_price: ['单价'],
    other: ['纳税人识别号', '统一社会信用代码', '地址、电话', '地址', '电话', '开户行', '发票代码', '校验码', '机器编号', '密码区', '备注', '收款人：', '复核', '开票人', '税率', '规格型号', '大写'],
  },
  columns: {
    description: ['货物或应税劳务、服务名称', '货物或应税劳务名称', '项目名称', '品名', '货物名称', '名称'],
    quantity: ['数量'],
    unit: ['单位'],
    unit_price: ['单价'],
    amount: ['金额', '总价', '合计'],
    gross_weight: ['毛重'],
    net_weight: ['净重'],
    index: ['序号', '编号'],
  },
};
