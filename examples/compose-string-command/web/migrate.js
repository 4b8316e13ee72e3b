console.log('migrations: nothing to do');
