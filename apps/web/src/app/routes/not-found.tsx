import { Link } from 'react-router';
import { Page } from '../../components/page';
import { texts } from '../texts';

export function NotFound() {
  return (
    <Page title={texts.notFound.title}>
      <p>{texts.notFound.body}</p>
      <p>
        <Link to="/">{texts.notFound.home}</Link>
      </p>
    </Page>
  );
}
