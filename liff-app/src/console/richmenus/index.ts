import './richmenus.css';
import { addStrings } from '../../i18n/index.ts';
import { richMenuStrings } from './strings.ts';

// Before any page renders (the console nav uses these labels too).
addStrings(richMenuStrings);

export { RichMenuEditorPage } from './RichMenuEditorPage.tsx';
export { RichMenusPage } from './RichMenusPage.tsx';
