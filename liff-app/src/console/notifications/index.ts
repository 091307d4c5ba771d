import './notifications.css';
import { addStrings } from '../../i18n/index.ts';
import { notificationStrings } from './strings.ts';

// Before any page renders (the console nav uses these labels too).
addStrings(notificationStrings);

export { ApiKeysPage } from './ApiKeysPage.tsx';
export { DeliveriesPage } from './DeliveriesPage.tsx';
export { TemplatesPage } from './TemplatesPage.tsx';
