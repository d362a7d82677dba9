/** Spanish (español). Same sentences as en.ts; reviewed for plain language, not by a certified translator. */
import type { OfficeContact, ReportText, Section } from '../report-text.js';

const officeName = (o: OfficeContact) => o.office ?? 'nuestra Oficina de Privacidad';

/** A quién preguntar sobre `what` (el registro, o la lista de la Parte 2) y cómo presentar una queja. */
const questions = (o: OfficeContact, what: string): Section => ({
  heading: 'Preguntas o quejas',
  paragraphs: [
    `Si tiene preguntas sobre ${what}, comuníquese con ${officeName(o)}${o.contact ? `: ${o.contact}` : '.'}`,
    `Si cree que se violaron sus derechos de privacidad, puede presentar una queja ante ${officeName(o)} o ante ` +
      'la Oficina de Derechos Civiles del Departamento de Salud y Servicios Humanos de los EE. UU. ' +
      '(www.hhs.gov/ocr/complaints). No se le penalizará por presentar una queja.',
  ],
});

export const es: ReportText = {
  lang: 'es',
  languageName: 'Español',
  title: 'Registro de divulgaciones de su información de salud',
  part2Title:
    'Registro de divulgaciones de sus registros de tratamiento por trastornos por consumo de sustancias (42 CFR 2.25)',
  part2Sections: (o) => [
    {
      heading: 'Qué es esto',
      paragraphs: [
        'La ley federal (42 CFR 2.25) le da derecho a una lista de las divulgaciones de sus registros de tratamiento ' +
          'por trastornos por consumo de sustancias hechas en los tres años anteriores a su solicitud. Cada registro ' +
          'indica cuándo se compartieron, quién los recibió, qué se compartió y por qué.',
      ],
    },
    {
      heading: 'Qué se incluye',
      paragraphs: ['Esta lista incluye las divulgaciones de estos registros:'],
      items: [
        'hechas con su consentimiento por escrito;',
        'para tratamiento, pago u operaciones de atención médica hechas a través de un expediente médico electrónico;',
        'hechas sin un permiso que la ley reconozca (cada una se revisa también como posible violación de seguridad).',
      ],
    },
    questions(o, 'esta lista'),
  ],
  yourPlan: 'Su plan de salud',
  memberLine: (memberId) => `Número de afiliado: ${memberId}`,
  period: (from, to) =>
    `Este registro enumera las divulgaciones de su información de salud hechas desde el ${from} hasta el ${to}.`,
  requestedOn: (date) => `Solicitado el ${date}.`,
  generatedAt: (instant) => `Preparado el ${instant}.`,
  sections: (o) => [
    {
      heading: 'Qué es este documento',
      paragraphs: [
        'La ley federal (45 CFR 164.528) le da derecho a recibir una lista de ciertas ocasiones en que su plan de ' +
          'salud, o un socio comercial que trabaja para él, compartió su información de salud con otra persona. Cada ' +
          'entrada indica cuándo se compartió, quién la recibió, qué se compartió y por qué.',
        'Su primer registro en cualquier período de 12 meses es gratuito. Podemos cobrar una tarifa razonable por otro ' +
          'en los mismos 12 meses; le informaremos la tarifa antes, y usted puede cambiar o retirar su solicitud.',
      ],
    },
    {
      heading: 'Qué no aparece en la lista, y por qué',
      paragraphs: ['La ley no nos exige enumerar las divulgaciones hechas:'],
      items: [
        'para tratamiento, pago u operaciones de atención médica, como pagar reclamaciones;',
        'a usted, o sobre usted a usted mismo;',
        'como efecto secundario inevitable de un uso o una divulgación permitidos;',
        'con su autorización por escrito;',
        'para un directorio de un centro, o a familiares o amigos que participan en su atención;',
        'para fines de seguridad nacional o de inteligencia;',
        'a una institución correccional o a agentes del orden que lo tenían bajo custodia;',
        'como parte de un conjunto de datos limitado, que excluye nombres, direcciones y otros identificadores directos;',
        'antes del 14 de abril de 2003, o más de seis años antes de su solicitud.',
      ],
    },
    questions(o, 'este registro'),
  ],
  disclosuresHeading: 'Divulgaciones',
  tableCaption: (count) => (count === 1 ? '1 divulgación enumerada' : `${count} divulgaciones enumeradas`),
  columns: { date: 'Fecha', recipient: 'Quién la recibió', what: 'Qué se compartió', why: 'Por qué' },
  none: 'En este período no se hicieron divulgaciones que la ley nos exija enumerar.',
  between: (from, to) => `Entre el ${from} y el ${to}`,
  writtenRequest: (ref) => `A solicitud por escrito del destinatario (copia archivada, referencia ${ref}).`,
  madeBy: (who) => `Hecha por ${who}, en nombre del plan.`,
  summary: (count, frequency, first, last) =>
    `${count} divulgaciones a este destinatario para este fin${frequency ? `, ${frequency}` : ''}, desde el ${first} ` +
    `hasta el ${last}.`,
  frequencies: {
    daily: 'a diario',
    weekly: 'cada semana',
    'every two weeks': 'cada dos semanas',
    monthly: 'cada mes',
    quarterly: 'cada trimestre',
    'twice a year': 'dos veces al año',
    yearly: 'cada año',
  },
  research: {
    heading: 'Investigación',
    intro:
      'Su información de salud puede haberse divulgado para los siguientes estudios de investigación, cada uno con ' +
      '50 o más personas.',
    period: (from, to) => `Las divulgaciones para este estudio se hicieron desde el ${from} hasta el ${to}.`,
    lastDate: (date) => `Divulgación más reciente: ${date}.`,
    criteria: 'Cómo se seleccionaron los registros',
    phiTypes: 'Tipos de información',
    sponsor: 'Patrocinador',
    researcher: 'Investigador',
    statement: 'Su información de salud puede o no haber sido divulgada para esta investigación.',
  },
  accessReport: {
    title: 'Quién ha usado o recibido su información de salud',
    period: (from, to) => `Este informe abarca del ${from} al ${to}.`,
    intro:
      'Cada fila es una vez en que alguien de su plan de salud usó su información de salud, el plan la compartió ' +
      'con otra persona, o alguien consultó sus registros en este sistema. Incluye cada uso y divulgación que ' +
      'registramos, también los de tratamiento, pago y operaciones de atención médica.',
    caption: (count) => (count === 1 ? '1 registro' : `${count} registros`),
    columns: { when: 'Cuándo', who: 'Quién', action: 'Qué hizo', what: 'Información', why: 'Por qué' },
    none: 'No registramos ningún uso ni divulgación de su información de salud en este período.',
    more: 'Hay más registros; pida la página siguiente.',
    actions: {
      view: 'Consultó',
      print: 'Imprimió',
      modify: 'Modificó',
      export: 'Exportó',
      query: 'Buscó',
      disclose: 'Compartida con',
      read: 'Consultó en este sistema',
    },
    kinds: { disclosure: 'Divulgación', read: 'Consulta de sus registros', use: 'Uso dentro del plan' },
  },
  page: (n, of) => `Página ${n} de ${of}`,
  printButton: 'Imprimir',
  pdfButton: 'Descargar PDF',
  accessButton: 'Quién ha usado o recibido mi información',
  loading: 'Cargando su registro…',
  signedOut: 'Inicie sesión en el portal para afiliados de su plan de salud para ver su registro.',
};
