import { render } from 'preact';
import { localizeDocument } from '../ui/i18n';
import { Popup } from './Popup';

localizeDocument();
const root = document.getElementById('app');
if (root) render(<Popup />, root);
