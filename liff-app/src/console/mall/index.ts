import './mall.css';
import { addStrings } from '../../i18n/index.ts';
import { mallConsoleStrings } from './strings.ts';

// Before any page renders (the console nav uses these labels too).
addStrings(mallConsoleStrings);

export { ProductsPage as MallProductsPage } from './ProductsPage.tsx';
export { ProductEditorPage as MallProductEditorPage } from './ProductEditorPage.tsx';
export { OrdersPage as MallOrdersPage } from './OrdersPage.tsx';
export { OrderDetailPage as MallOrderPage } from './OrderDetailPage.tsx';
export { SalesReportPage as MallSalesPage } from './SalesReportPage.tsx';
