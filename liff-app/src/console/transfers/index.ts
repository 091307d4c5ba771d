import './transfers.css';
import { addStrings } from '../../i18n/index.ts';
import { transferConsoleStrings } from './strings.ts';

// Before any page renders (the nav and the coupon template form use these labels too).
addStrings(transferConsoleStrings);

export { TransfersPage } from './TransfersPage.tsx';
